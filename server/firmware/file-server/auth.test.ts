import { describe, expect, it } from "vitest";
import type { FileGrant } from "../../generated/prisma/client";
import { grantFits } from "./auth";

const now = new Date("2026-01-01T00:00:00Z");
const grant = (over: Partial<FileGrant>): FileGrant => ({
  id: 1,
  username: "tabc",
  ha1: "",
  passwordSha256: "",
  purpose: "download",
  deviceId: 1,
  imageId: 7,
  taskId: null,
  fileType: "",
  uses: 0,
  createdAt: now,
  expiresAt: new Date(now.getTime() + 60_000),
  ...over,
});

describe("grantFits", () => {
  it("accepts a download grant for its own image, unexpired", () => {
    expect(grantFits(grant({}), { purpose: "download", imageId: 7 }, now)).toBe(true);
  });

  it("refuses another image, an expired grant, an upload grant, no grant", () => {
    expect(grantFits(grant({}), { purpose: "download", imageId: 8 }, now)).toBe(false);
    expect(grantFits(grant({ expiresAt: now }), { purpose: "download", imageId: 7 }, now)).toBe(false);
    expect(grantFits(grant({ purpose: "upload" }), { purpose: "download", imageId: 7 }, now)).toBe(false);
    expect(grantFits(null, { purpose: "download", imageId: 7 }, now)).toBe(false);
  });

  it("ties an upload grant to the URL's username", () => {
    const g = grant({ purpose: "upload", imageId: null });
    expect(grantFits(g, { purpose: "upload", username: "tabc" }, now)).toBe(true);
    expect(grantFits(g, { purpose: "upload", username: "tother" }, now)).toBe(false);
    expect(grantFits(grant({}), { purpose: "upload", username: "tabc" }, now)).toBe(false);
  });
});

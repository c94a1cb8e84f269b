import { describe, expect, it } from "vitest";
import { bodyLimitFor, DEFAULT_WEB_MAX_BODY_BYTES } from "./body-limit";

const BASE = DEFAULT_WEB_MAX_BODY_BYTES;
const LARGE = 8 * 1024 * 1024;

describe("bodyLimitFor", () => {
  it("gives every route and procedure the default cap", () => {
    expect(bodyLimitFor("/api/auth/callback/credentials", BASE, LARGE)).toBe(BASE);
    expect(bodyLimitFor("/api/trpc/device.setValue", BASE, LARGE)).toBe(BASE);
    expect(bodyLimitFor("/login", BASE, LARGE)).toBe(BASE);
    // A malformed escape must not throw in the server's request handler.
    expect(bodyLimitFor("/api/trpc/%E0%A4%A", BASE, LARGE)).toBe(BASE);
  });

  it("gives a data-model import its larger cap, but not a batch that smuggles other calls in", () => {
    expect(bodyLimitFor("/api/trpc/datamodel.import?batch=1", BASE, LARGE)).toBe(LARGE);
    expect(bodyLimitFor("/api/trpc/datamodel.import,device.setValue?batch=1", BASE, LARGE)).toBe(BASE);
    expect(bodyLimitFor("/api/trpc/datamodel.import%2Cdevice.setValue", BASE, LARGE)).toBe(BASE);
  });
});

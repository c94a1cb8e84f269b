import { describe, expect, it } from "vitest";
import { loginPathFor, pathWithQuery, safeNextPath } from "@/lib/auth/next-path";

describe("safeNextPath", () => {
  it("keeps a local path with its query and fragment", () => {
    expect(safeNextPath("/devices/42")).toBe("/devices/42");
    expect(safeNextPath("/devices?q=abc&sort=serial#top")).toBe("/devices?q=abc&sort=serial#top");
  });

  it("refuses other origins and odd spellings of them", () => {
    for (const raw of [
      "https://127.0.0.1/devices",
      "//127.0.0.1/devices",
      "/\\127.0.0.1/devices",
      "\\\\127.0.0.1",
      "javascript:alert(1)",
      "/\t/127.0.0.1",
      "devices",
      "",
    ]) {
      expect(safeNextPath(raw), raw).toBe("/devices");
    }
  });

  it("refuses non-strings and the login page itself", () => {
    expect(safeNextPath(undefined)).toBe("/devices");
    expect(safeNextPath(["/admin", "/bulk"])).toBe("/devices");
    expect(safeNextPath("/login?next=/admin")).toBe("/devices");
  });
});

describe("loginPathFor and pathWithQuery", () => {
  it("encodes the page's path and query into next", () => {
    const path = pathWithQuery("/devices", { q: "a b", tag: ["x", "y"], empty: undefined });
    expect(path).toBe("/devices?q=a+b&tag=x&tag=y");
    expect(loginPathFor(path)).toBe(`/login?next=${encodeURIComponent("/devices?q=a+b&tag=x&tag=y")}`);
    expect(pathWithQuery("/bulk", {})).toBe("/bulk");
  });
});

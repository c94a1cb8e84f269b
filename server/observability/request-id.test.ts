import { describe, expect, it } from "vitest";
import { requestIdFrom } from "./request-id";

describe("requestIdFrom", () => {
  it("keeps a sane incoming id from node headers and from fetch Headers", () => {
    expect(requestIdFrom({ "x-request-id": "abc-123_X.y" })).toBe("abc-123_X.y");
    expect(requestIdFrom(new Headers({ "X-Request-Id": "a".repeat(64) }))).toBe("a".repeat(64));
  });

  it("replaces a missing, long or unsafe id with a fresh random one", () => {
    const bad = ["", "a".repeat(65), "abc def", 'x"} evil', "line\nbreak", "é"];
    for (const value of bad) {
      const id = requestIdFrom({ "x-request-id": value });
      expect(id).not.toBe(value);
      expect(id).toMatch(/^[0-9a-f]{16}$/);
    }
    const a = requestIdFrom({});
    const b = requestIdFrom(new Headers());
    expect(a).toMatch(/^[0-9a-f]{16}$/);
    expect(a).not.toBe(b);
  });
});

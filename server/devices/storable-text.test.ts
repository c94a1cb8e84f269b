import { describe, expect, it } from "vitest";
import { columnText, storableText, unsignedIntText } from "./storable-text";

describe("storable text", () => {
  it("replaces NUL and unpaired surrogates, keeps everything else as is", () => {
    const plain = "Zapper 4K – ünïcode 😀";
    expect(storableText(plain)).toBe(plain);
    expect(storableText("a\u0000b")).toBe("a\uFFFDb");
    expect(storableText("x\ud800y\udc00")).toBe("x\uFFFDy\uFFFD");
    // JSON of the result is accepted by PostgreSQL's jsonb: no \u0000 nor lone surrogate escapes.
    expect(JSON.stringify(storableText("\u0000\ud83d"))).toBe('"\uFFFD\uFFFD"');
  });

  it("cuts column values to the limit without leaving half a surrogate pair", () => {
    expect(columnText(undefined)).toBeNull();
    expect(columnText("1.0")).toBe("1.0");
    expect(columnText("x".repeat(300))).toHaveLength(256);
    const cut = columnText(`${"x".repeat(255)}😀`);
    expect(cut).toBe(`${"x".repeat(255)}\uFFFD`);
  });

  it("takes unsignedInt values up to 4294967295 as text and leaves anything else out", () => {
    expect(unsignedIntText(4_294_967_295)).toBe("4294967295");
    expect(unsignedIntText(0)).toBe("0");
    expect(unsignedIntText(4_294_967_296)).toBeNull();
    expect(unsignedIntText(-1)).toBeNull();
    expect(unsignedIntText(1e21)).toBeNull();
    expect(unsignedIntText(1.5)).toBeNull();
    expect(unsignedIntText(undefined)).toBeNull();
  });
});

import { describe, expect, it } from "vitest";
import { formatBytes, modelsOf } from "./format";

describe("store display helpers", () => {
  it("formats sizes in binary units", () => {
    expect(formatBytes(0)).toBe("0 B");
    expect(formatBytes(1536)).toBe("1.5 KiB");
    expect(formatBytes(50 * 1024 * 1024)).toBe("50 MiB");
    expect(formatBytes(2 * 1024 ** 3)).toBe("2.0 GiB");
  });

  it("names the models", () => {
    expect(modelsOf({ productClasses: ["A", "B"], ouis: [] })).toBe("A, B");
    expect(modelsOf({ productClasses: [], ouis: ["00147F"] })).toBe("OUI 00147F");
    expect(modelsOf({ productClasses: [], ouis: [] })).toBe("any model");
  });
});

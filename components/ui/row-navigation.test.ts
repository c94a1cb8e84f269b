import { describe, expect, it } from "vitest";
import { clampActiveRow, nextRowIndex } from "./row-navigation";

describe("nextRowIndex", () => {
  it("moves down and up one row, stopping at the ends", () => {
    expect(nextRowIndex(0, "ArrowDown", 3)).toBe(1);
    expect(nextRowIndex(2, "ArrowDown", 3)).toBe(2);
    expect(nextRowIndex(1, "ArrowUp", 3)).toBe(0);
    expect(nextRowIndex(0, "ArrowUp", 3)).toBe(0);
  });

  it("jumps to the first and last row and by pages", () => {
    expect(nextRowIndex(5, "Home", 20)).toBe(0);
    expect(nextRowIndex(5, "End", 20)).toBe(19);
    expect(nextRowIndex(5, "PageDown", 20)).toBe(15);
    expect(nextRowIndex(15, "PageDown", 20)).toBe(19);
    expect(nextRowIndex(5, "PageUp", 20)).toBe(0);
  });

  it("ignores other keys and empty tables", () => {
    expect(nextRowIndex(0, "Enter", 3)).toBeNull();
    expect(nextRowIndex(0, "a", 3)).toBeNull();
    expect(nextRowIndex(0, "ArrowDown", 0)).toBeNull();
  });
});

describe("clampActiveRow", () => {
  it("keeps the index while it exists and falls back to the last row", () => {
    expect(clampActiveRow(2, 5)).toBe(2);
    expect(clampActiveRow(7, 5)).toBe(4);
    expect(clampActiveRow(3, 0)).toBe(0);
  });
});

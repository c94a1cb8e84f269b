import { describe, expect, it } from "vitest";
import { statTicks } from "./cpu";

describe("statTicks", () => {
  it("adds utime and stime, even when the command name has spaces and parentheses", () => {
    const stat = "1234 (node (bench) x) S 1 1234 1234 0 -1 4194304 100 0 0 0 250 40 0 0 20 0 11 0 1000 0";
    expect(statTicks(stat)).toBe(290);
  });
});

import { describe, expect, it } from "vitest";
import { pickGroup, pickTsi } from "./allocate";

describe("multicast session allocation", () => {
  it("takes the first free group of the allowed networks, skipping .0 and non-multicast ones", () => {
    expect(pickGroup("239.255.42.0/24", new Set())).toBe("239.255.42.1");
    expect(pickGroup("239.255.42.0/24", new Set(["239.255.42.1", "239.255.42.2"]))).toBe("239.255.42.3");
    expect(pickGroup("10.0.0.0/24,239.1.1.7/32", new Set())).toBe("239.1.1.7");
    expect(pickGroup("239.1.1.7/32", new Set(["239.1.1.7"]))).toBeNull();
    expect(pickGroup("ff15::/64", new Set())).toBeNull();
    expect(pickGroup("not a cidr", new Set())).toBeNull();
    // A network given by a host inside it is aligned to its base.
    expect(pickGroup("239.255.42.77/30", new Set())).toBe("239.255.42.77");
  });

  it("draws a TSI no live session uses", () => {
    const seq = [0, 0, 0.5];
    const random = () => seq.shift() ?? 0.25;
    expect(pickTsi(new Set([1]), random)).toBe(1 + Math.floor(0.5 * 0xfffffffe));
    const t = pickTsi(new Set());
    expect(t).toBeGreaterThanOrEqual(1);
    expect(t).toBeLessThanOrEqual(0xffffffff);
    // A broken random source still ends, with a free value.
    expect(pickTsi(new Set([1, 2, 3]), () => 0)).toBe(4);
  });
});

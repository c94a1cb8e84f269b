import { describe, expect, it } from "vitest";
import { formatFluteUrl, isMulticastAddress, parseFluteUrl } from "./url";

describe("flute:// URLs", () => {
  it("round-trips a source-specific IPv4 session", () => {
    const session = {
      source: "127.0.0.1",
      group: "239.255.42.7",
      port: 4001,
      tsi: 4294967295,
      toi: 1,
      version: 2 as const,
    };
    const url = formatFluteUrl(session);
    expect(url).toBe("flute://127.0.0.1@239.255.42.7:4001?tsi=4294967295&toi=1&v=2");
    expect(parseFluteUrl(url)).toEqual(session);
  });

  it("round-trips any-source and IPv6 sessions", () => {
    const asm = { group: "239.1.2.3", port: 5000, tsi: 0, toi: 9, version: 1 as const };
    expect(parseFluteUrl(formatFluteUrl(asm))).toEqual(asm);
    const v6 = { source: "fd00::1", group: "ff15::42", port: 4001, tsi: 7, toi: 2, version: 2 as const };
    expect(formatFluteUrl(v6)).toBe("flute://[fd00::1]@[ff15::42]:4001?tsi=7&toi=2&v=2");
    expect(parseFluteUrl(formatFluteUrl(v6))).toEqual(v6);
  });

  it.each([
    ["http://239.1.2.3:4001?tsi=1&toi=1&v=2", "wrong scheme"],
    ["flute://10.1.2.3:4001?tsi=1&toi=1&v=2", "unicast group"],
    ["flute://239.1.2.3@239.1.2.4:4001?tsi=1&toi=1&v=2", "multicast source"],
    ["flute://239.1.2.300:4001?tsi=1&toi=1&v=2", "bad address"],
    ["flute://239.1.2.3:0?tsi=1&toi=1&v=2", "port 0"],
    ["flute://239.1.2.3:65536?tsi=1&toi=1&v=2", "port too big"],
    ["flute://239.1.2.3:4001?tsi=4294967296&toi=1&v=2", "TSI beyond 32 bits"],
    ["flute://239.1.2.3:4001?tsi=1&toi=0&v=2", "TOI 0 is the FDT"],
    ["flute://239.1.2.3:4001?tsi=1&toi=1&v=3", "unknown version"],
    ["flute://239.1.2.3:4001?tsi=1&toi=1", "missing version"],
    ["flute://239.1.2.3:4001?tsi=1&toi=1&v=2&x=1", "extra parameter"],
    ["flute://239.1.2.3:4001?tsi=1&tsi=2&v=2", "repeated parameter"],
    ["flute://239.1.2.3:4001?tsi=-1&toi=1&v=2", "negative"],
    ["flute://239.1.2.3:4001?tsi=0x1&toi=1&v=2", "hex"],
    ["flute://ff15::1:4001?tsi=1&toi=1&v=2", "IPv6 without brackets"],
    ["flute://127.0.0.1@[ff15::1]:4001?tsi=1&toi=1&v=2", "mixed families"],
    ["flute://239.1.2.3:4001?tsi=1&toi=1&v=2 ", "trailing space"],
    [`flute://239.1.2.3:4001?tsi=1&toi=1&v=2${"0".repeat(300)}`, "too long"],
  ])("rejects %s (%s)", (url) => {
    expect(parseFluteUrl(url)).toBeNull();
  });

  it("refuses to format an invalid session", () => {
    expect(() => formatFluteUrl({ group: "127.0.0.1", port: 1, tsi: 1, toi: 1, version: 2 })).toThrow();
  });

  it("knows multicast ranges", () => {
    expect(isMulticastAddress("224.0.0.1")).toBe(true);
    expect(isMulticastAddress("239.255.255.255")).toBe(true);
    expect(isMulticastAddress("240.0.0.1")).toBe(false);
    expect(isMulticastAddress("ff02::1")).toBe(true);
    expect(isMulticastAddress("fe80::1")).toBe(false);
    expect(isMulticastAddress("nonsense")).toBe(false);
  });
});

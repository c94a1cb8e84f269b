// The sender refuses bad configuration before any thread or socket exists, and reports runtime
// failures through `done`. (Sending itself is tested in namespaces: tests/integration/flute-multicast.)
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { groupAllowed, parseGroupList } from "./groups";
import { TokenBucket } from "./pacing";
import { checkSenderOptions, startFluteSender } from "./sender";
import type { FluteSenderOptions } from "./types";

const dir = mkdtempSync(path.join(tmpdir(), "flute-sender-"));
const file = path.join(dir, "image.bin");
writeFileSync(file, Buffer.alloc(10_000, 7));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const base: FluteSenderOptions = {
  filePath: file,
  contentLocation: "image.bin",
  md5: createHash("md5").update(Buffer.alloc(10_000, 7)).digest("base64"),
  toi: 1,
  tsi: 1,
  group: "239.255.42.1",
  port: 4001,
  ttl: 1,
  version: 2,
  rateKbps: 1_000,
  symbolSize: 1428,
  maxBlockLength: 64,
  until: new Date(Date.now() + 5_000),
  allowedGroups: "239.255.42.0/24",
  maxRateKbps: 100_000,
};

describe("FLUTE sender configuration", () => {
  it("accepts a correct configuration", () => {
    expect(checkSenderOptions(base)).toBe(10_000);
  });

  it.each([
    ["a group outside the allowed list", { group: "239.255.43.1" }, /outside the allowed groups/],
    ["a unicast group", { group: "127.0.0.1", allowedGroups: "127.0.0.0/8" }, /multicast/],
    ["a rate above the cap", { rateKbps: 100_001 }, /above the cap/],
    ["TOI 0 (the FDT's)", { toi: 0 }, /toi/],
    ["a TSI beyond 32 bits", { tsi: 2 ** 32 }, /tsi/],
    ["a negative TSI", { tsi: -1 }, /tsi/],
    ["a bad MD5", { md5: "nope" }, /md5/],
    ["TTL 0", { ttl: 0 }, /ttl/],
    ["a missing file", { filePath: path.join(dir, "missing.bin") }, /ENOENT/],
    ["more blocks than 16-bit SBNs", { symbolSize: 16, maxBlockLength: 1, filePath: file }, null],
  ])("refuses %s", (_name, over, message) => {
    if (message === null) {
      const big = path.join(dir, "big.bin");
      writeFileSync(big, Buffer.alloc(16 * 65_537));
      expect(() => startFluteSender({ ...base, ...over, filePath: big })).toThrow(/16-bit SBN/);
      return;
    }
    expect(() => startFluteSender({ ...base, ...over })).toThrow(message);
  });

  it("rejects done when the worker cannot bind (the worker loads its TypeScript and reports)", async () => {
    // An IPv6 source for an IPv4 group: the bind fails (EINVAL) before anything is sent.
    const sender = startFluteSender({ ...base, sourceAddress: "::1" });
    await expect(sender.done).rejects.toThrow(/EINVAL/);
  });
});

describe("allowed groups", () => {
  it("checks CIDR lists of either family", () => {
    expect(groupAllowed("239.255.42.200", "239.255.42.0/24")).toBe(true);
    expect(groupAllowed("239.255.42.200", " 239.1.0.0/16 , 239.255.42.192/26")).toBe(true);
    expect(groupAllowed("239.255.41.1", "239.255.42.0/24")).toBe(false);
    expect(groupAllowed("ff15::1", "ff15::/16")).toBe(true);
    expect(groupAllowed("ff15::1", "239.0.0.0/8")).toBe(false);
    expect(groupAllowed("224.0.0.1", "0.0.0.0/0,")).toBe(true);
    expect(() => parseGroupList("239.1.1.1/33")).toThrow(/CIDR/);
    expect(() => parseGroupList("nonsense")).toThrow(/CIDR/);
  });
});

describe("token bucket", () => {
  it("lets the rate through on average and no more than one burst at once", () => {
    let t = 0;
    const bucket = new TokenBucket(8_000, 10, () => t); // 1,000 bytes per ms, bursts of 10,000
    let sent = 0;
    for (t = 0; t <= 1_000; t += 1) while (bucket.take(1_000)) sent += 1_000;
    expect(sent).toBeGreaterThanOrEqual(990_000);
    expect(sent).toBeLessThanOrEqual(1_012_000);
    t += 100; // idle: at most one burst accumulates
    let burst = 0;
    while (bucket.take(1_000)) burst += 1_000;
    expect(burst).toBeLessThanOrEqual(11_000);
    expect(bucket.waitMs()).toBeGreaterThan(0);
  });
});

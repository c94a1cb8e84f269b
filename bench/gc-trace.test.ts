import { describe, expect, it } from "vitest";
import { describeGc, summarizeGcTrace } from "./gc-trace";

const scavenge = (allocated: number, promoted: number, pause = 1.5): string =>
  `[123:0x1]     4402 ms: pause=${pause} mutator=52.9 gc=s reduce_memory=0 time_to_safepoint=0.00 ` +
  `scavenge=1.26 total_size_before=4854464 total_size_after=4380864 allocated=${allocated} ` +
  `promoted=${promoted} new_space_survived=473224 nodes_died_in_new=1 promotion_rate=0.0%`;

describe("summarizeGcTrace", () => {
  it("sums scavenges and counts mark-compacts, ignoring other lines", () => {
    const text = [
      '{"level":30,"msg":"Vantage started"}',
      scavenge(26_000_000, 1_500_000, 10.5),
      "[123:0x1]     4957 ms: pause=22.0 mutator=1.0 gc=mc reduce_memory=0 allocated=31256 promoted=2563440",
      scavenge(25_000_000, 500_000, 2),
      "garbage gc= line without fields",
    ].join("\n");
    const gc = summarizeGcTrace(text);
    expect(gc).toEqual({
      scavenges: 2,
      markCompacts: 1,
      allocatedBytes: 51_000_000,
      promotedBytes: 2_000_000,
      scavengePauseMs: 12.5,
    });
    expect(describeGc(gc, 1000)).toBe(
      "GC: 2 scavenges (13 ms paused), 1 mark-compacts; allocated 49.8 KiB/session, promoted 2.0 KiB/session = 3.92 % of it",
    );
  });

  it("says so when nothing was collected", () => {
    expect(describeGc(summarizeGcTrace(""), 10)).toMatch(/no scavenge/);
  });
});

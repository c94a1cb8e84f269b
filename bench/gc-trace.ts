// `npm run bench -- --gc`: what the young-generation collector did in a target while it was measured,
// read from the target's `--trace-gc-nvp` lines (one per collection, name=value pairs). The figure to
// watch is the share of allocated bytes that got promoted: objects that outlive two scavenges are
// copied into the old generation and cost a mark-compact later. The bare server promotes next to
// nothing; a session's objects should die young too.

export interface GcSummary {
  scavenges: number;
  markCompacts: number;
  /** bytes allocated in the young generation between the collections seen */
  allocatedBytes: number;
  promotedBytes: number;
  /** main-thread pause of the scavenges, ms */
  scavengePauseMs: number;
}

const FIELD = /(?:^|\s)(gc|pause|allocated|promoted)=([^\s]+)/g;

/** Sums the `--trace-gc-nvp` lines in `text` (other lines are ignored). */
export function summarizeGcTrace(text: string): GcSummary {
  const sum: GcSummary = {
    scavenges: 0,
    markCompacts: 0,
    allocatedBytes: 0,
    promotedBytes: 0,
    scavengePauseMs: 0,
  };
  for (const line of text.split("\n")) {
    if (!line.includes(" gc=")) continue;
    const f: Record<string, string> = {};
    for (const m of line.matchAll(FIELD)) f[m[1]!] = m[2]!;
    const num = (k: string): number => {
      const n = Number(f[k]);
      return Number.isFinite(n) ? n : 0;
    };
    if (f.gc === "s") {
      sum.scavenges += 1;
      sum.scavengePauseMs += num("pause");
      sum.allocatedBytes += num("allocated");
      sum.promotedBytes += num("promoted");
    } else if (f.gc === "mc" || f.gc === "mmc") {
      sum.markCompacts += 1;
    }
  }
  return sum;
}

/** One line for the run's output. */
export function describeGc(gc: GcSummary, sessions: number): string {
  if (gc.scavenges === 0) return "GC: no scavenge while measured (too short a run?)";
  const perSession = (bytes: number): string =>
    sessions > 0 ? `${(bytes / sessions / 1024).toFixed(1)} KiB/session` : "-";
  const share = gc.allocatedBytes > 0 ? (100 * gc.promotedBytes) / gc.allocatedBytes : 0;
  return (
    `GC: ${gc.scavenges} scavenges (${gc.scavengePauseMs.toFixed(0)} ms paused), ${gc.markCompacts} mark-compacts; ` +
    `allocated ${perSession(gc.allocatedBytes)}, promoted ${perSession(gc.promotedBytes)} = ${share.toFixed(2)} % of it`
  );
}

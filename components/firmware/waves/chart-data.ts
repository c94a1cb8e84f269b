// The completions chart's points. A time axis spans the first to the last point, so a single bucket
// would draw a bar of no width: it gets an empty bucket either side.
import type { z } from "zod";
import type { waveCompletionsSchema } from "@/lib/firmware/wave-api";

type Bucket = z.infer<typeof waveCompletionsSchema>[number];

const MINUTE = 60_000;

export function paddedBuckets(buckets: readonly Bucket[]): Bucket[] {
  const only = buckets.length === 1 ? buckets[0] : undefined;
  if (!only) return [...buckets];
  const empty = (ms: number) => ({ t: new Date(ms), verified: 0, failed: 0, rolledBack: 0 });
  const t = only.t.getTime();
  return [empty(t - MINUTE), only, empty(t + MINUTE)];
}

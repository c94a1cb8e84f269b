// The time window of the fleet faults view and its chart buckets. Pure (no database), so the page can
// label its axis and the service can fill empty buckets the same way.
import { z } from "zod";

/** Longest window: DeviceFault and finished tasks are kept RETENTION_*_DAYS (90 by default). */
const MAX_WINDOW_DAYS = 90;
/** Most group rows one answer carries; the page says when more exist. */
export const MAX_GROUP_ROWS = 500;

export const faultWindowSchema = z.object({
  days: z.number().int().min(1).max(MAX_WINDOW_DAYS).default(7),
});

export type BucketUnit = "hour" | "day";

/** Per hour for a day, per day beyond: 24 or up to 90 points, both readable on a phone. */
export function bucketUnit(days: number): BucketUnit {
  return days <= 1 ? "hour" : "day";
}

const UNIT_MS: Record<BucketUnit, number> = { hour: 3_600_000, day: 86_400_000 };

/** The start of the bucket holding `at`, in UTC (PostgreSQL's date_trunc on our UTC timestamps). */
export function bucketStart(at: Date, unit: BucketUnit): Date {
  const ms = UNIT_MS[unit];
  return new Date(Math.floor(at.getTime() / ms) * ms);
}

/** The window's start: exactly `days` × 24 h before `now`. */
export function windowStart(now: Date, days: number): Date {
  return new Date(now.getTime() - days * UNIT_MS.day);
}

/** Every bucket start from the one holding `since` to the one holding `now`, oldest first. */
export function bucketStarts(since: Date, now: Date, unit: BucketUnit): Date[] {
  const out: Date[] = [];
  const step = UNIT_MS[unit];
  for (let t = bucketStart(since, unit).getTime(); t <= now.getTime(); t += step) out.push(new Date(t));
  return out;
}

// The fleet faults view: occurrences in a window grouped by fault code, task kind (RPC), model and
// software version, with totals and a time series for the chart. All aggregation is in SQL; every
// query is bounded by the window (≤ 90 days) and the group rows by MAX_GROUP_ROWS.
import "server-only";
import { readDb } from "../db";
import { visibleText, WITHOUT_AUDIENCE, type Reader } from "../devices/audience-visibility";
import { occurrencesSql } from "./occurrences-sql";
import {
  bucketStarts,
  bucketUnit,
  MAX_GROUP_ROWS,
  windowStart,
  type BucketUnit,
} from "../../lib/faults/window";

export interface FaultGroup {
  code: number;
  /** RPC name of the failed task; null for faults outside a task (session aborted, CPE-reported). */
  task: string | null;
  manufacturer: string;
  productClass: string;
  modelName: string;
  /** The device's current SoftwareVersion (the version it runs now, not at the time of the fault). */
  softwareVersion: string;
  devices: number;
  occurrences: number;
  lastAt: Date;
  /** An example message of the group, for a reader who does not know the code by heart. */
  message: string;
}

export interface FaultBucket {
  at: Date;
  occurrences: number;
  devices: number;
}

export interface FaultSummary {
  since: Date;
  until: Date;
  unit: BucketUnit;
  totals: { devices: number; occurrences: number };
  groups: FaultGroup[];
  /** More groups exist than the rows returned (the rows are the largest ones). */
  truncated: boolean;
  series: FaultBucket[];
}

interface GroupRow extends Omit<FaultGroup, "message"> {
  message: string | null;
}

export async function faultSummary(
  days: number,
  options: { limit?: number; now?: Date; reader?: Reader } = {},
): Promise<FaultSummary> {
  const reader = options.reader ?? WITHOUT_AUDIENCE;
  const until = options.now ?? new Date();
  const since = windowStart(until, days);
  const limit = Math.min(Math.max(1, options.limit ?? MAX_GROUP_ROWS), MAX_GROUP_ROWS);
  const unit = bucketUnit(days);
  const occ = occurrencesSql(since, until, !reader.audience);
  // Both queries count per device first (one row per device and code/task, or device and bucket):
  // the groups' device counts are then plain counts, aggregated by hashing, instead of a DISTINCT
  // that sorts every occurrence by six text columns (most of the time at 200,000 faults on PGlite).
  const [groups, counted] = await Promise.all([
    readDb().$queryRaw<GroupRow[]>`
      WITH occ AS (${occ}),
      per_device AS (
        SELECT code, task, device_id, count(*) AS n, max(at) AS last_at,
               max(message) FILTER (WHERE NOT audience) AS message
          FROM occ GROUP BY code, task, device_id)
      SELECT p.code, p.task, d.manufacturer, d."productClass", d."modelName", d."softwareVersion",
             count(*)::int AS devices, sum(p.n)::int AS occurrences, max(p.last_at) AS "lastAt",
             max(p.message) AS message
        FROM per_device p JOIN "Device" d ON d.id = p.device_id
       GROUP BY p.code, p.task, d.manufacturer, d."productClass", d."modelName", d."softwareVersion"
       ORDER BY occurrences DESC, devices DESC, p.code, p.task NULLS LAST, d."productClass", d."softwareVersion"
       LIMIT ${limit + 1}`,
    // Buckets, then the window's totals (the row without a bucket).
    readDb().$queryRaw<(Omit<FaultBucket, "at"> & { at: Date | null })[]>`
      WITH occ AS (${occ}),
      per_bucket AS (SELECT date_trunc(${unit}, at) AS b, device_id, count(*) AS n FROM occ GROUP BY 1, 2)
      SELECT b AS at, sum(n)::int AS occurrences, count(*)::int AS devices FROM per_bucket GROUP BY b
      UNION ALL
      SELECT NULL, count(*)::int, count(DISTINCT device_id)::int FROM occ
      ORDER BY at NULLS FIRST`,
  ]);
  const total = counted.find((r) => r.at === null);
  const buckets = counted.flatMap((r) => (r.at ? [{ ...r, at: r.at }] : []));
  return {
    since,
    until,
    unit,
    totals: total
      ? { devices: total.devices, occurrences: total.occurrences }
      : { devices: 0, occurrences: 0 },
    // The example message is a CPE's fault string: it may name an audience parameter.
    groups: groups.slice(0, limit).map((g) => ({ ...g, message: visibleText(reader, g.message ?? "") })),
    truncated: groups.length > limit,
    series: fillBuckets(buckets, since, until, unit),
  };
}

/** Every bucket of the window, empty ones as zero, so the chart's time axis has no gaps. */
export function fillBuckets(rows: FaultBucket[], since: Date, until: Date, unit: BucketUnit): FaultBucket[] {
  const byTime = new Map(rows.map((r) => [r.at.getTime(), r]));
  return bucketStarts(since, until, unit).map(
    (at) => byTime.get(at.getTime()) ?? { at, occurrences: 0, devices: 0 },
  );
}

// The device's recent activity for the top of its History tab: informs per hour (last 24 h) or per day
// (last 7 d), by why the device called (boot, value change, periodic, anything else), and its faults.
// One grouped query over the device's own InformEvent and DeviceFault indexes; the buckets are fixed by
// the window (25 hourly or 8 daily at most), so the answer is bounded whatever the device did.
import "server-only";
import { z } from "zod";
import { AppError } from "../core/app-error";
import { db } from "../db";
import { bucketStarts, windowStart, type BucketUnit } from "../../lib/faults/window";

export const ACTIVITY_WINDOWS = ["24h", "7d"] as const;
export type ActivityWindow = (typeof ACTIVITY_WINDOWS)[number];

const WINDOW: Record<ActivityWindow, { days: number; unit: BucketUnit }> = {
  "24h": { days: 1, unit: "hour" },
  "7d": { days: 7, unit: "day" },
};

const bucketSchema = z.object({
  at: z.date(),
  boot: z.number().int(),
  valueChange: z.number().int(),
  periodic: z.number().int(),
  other: z.number().int(),
  fault: z.number().int(),
});
export type ActivityBucket = z.infer<typeof bucketSchema>;

export const activitySchema = z.object({
  window: z.enum(ACTIVITY_WINDOWS),
  unit: z.enum(["hour", "day"]),
  since: z.date(),
  until: z.date(),
  buckets: z.array(bucketSchema),
});
export type DeviceActivity = z.infer<typeof activitySchema>;

type Counted = keyof Omit<ActivityBucket, "at">;

interface Row {
  bucket: Date;
  kind: Counted;
  count: number;
}

export async function deviceActivity(
  deviceId: number,
  window: ActivityWindow,
  now = new Date(),
): Promise<DeviceActivity> {
  const { days, unit } = WINDOW[window];
  const since = windowStart(now, days);
  const exists = await db().device.findUnique({ where: { id: deviceId }, select: { id: true } });
  if (!exists) throw new AppError("not_found", `device ${deviceId} not found`);
  // Event codes are compared trimmed: some CPEs pad them ("2 PERIODIC ").
  const rows = await db().$queryRaw<Row[]>`
    SELECT date_trunc(${unit}, x.at) AS bucket, x.kind, count(*)::int AS count
      FROM (
        SELECT i."receivedAt" AS at,
               CASE WHEN codes && ARRAY['0 BOOTSTRAP', '1 BOOT'] THEN 'boot'
                    WHEN codes && ARRAY['4 VALUE CHANGE'] THEN 'valueChange'
                    WHEN codes && ARRAY['2 PERIODIC'] THEN 'periodic'
                    ELSE 'other' END AS kind
          FROM "InformEvent" i,
               LATERAL (SELECT array_agg(upper(trim(e))) AS codes FROM unnest(i.events) e) c
         WHERE i."deviceId" = ${deviceId} AND i."receivedAt" >= ${since}::timestamp
           AND i."receivedAt" <= ${now}::timestamp
        UNION ALL
        SELECT f.at, 'fault' FROM "DeviceFault" f
         WHERE f."deviceId" = ${deviceId} AND f.at >= ${since}::timestamp AND f.at <= ${now}::timestamp
      ) x
     GROUP BY 1, 2`;
  const buckets = new Map<number, ActivityBucket>(
    bucketStarts(since, now, unit).map((at) => [
      at.getTime(),
      { at, boot: 0, valueChange: 0, periodic: 0, other: 0, fault: 0 },
    ]),
  );
  for (const row of rows) {
    const bucket = buckets.get(row.bucket.getTime());
    if (bucket) bucket[row.kind] += row.count;
  }
  return { window, unit, since, until: now, buckets: [...buckets.values()] };
}

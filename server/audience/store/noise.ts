// Optional calibrated noise on published cells (AUDIENCE_NOISE = b > 0). Added once, when a cell is
// materialized, and deterministic per cell: the same cell always gets the same noise, so running a
// report many times (or recomputing the day) cannot average it away. k is checked on the true count
// before any noise: noise never turns a suppressed cell into a published one.
//
//   u     = (first 52 bits of HMAC-SHA256(secretsKey, "audience-noise|" + cellKey) + 0.5) / 2^52, in (0, 1)
//   L(s)  = s · ln(2u)        if u < 1/2
//         = -s · ln(2(1 - u)) otherwise          (inverse CDF of Laplace(0, s))
//   households' = max(0, round(households + L(b)))
//   secs'       = max(0, round(secs + L(600 · b)))  (ten viewing minutes of scale per unit of b)
//
// cellKey: "hour|<ISO hour>|<channel>|<region>|secs", "day|<day>|<channel>|<region>|<segment>|households",
// "panel|<day>|<region>|<segment>|households". The key is the secrets file's (never in the database):
// without it nobody can recompute the noise and subtract it. Known limit: the noise of a cell does not
// change when its true figure does, so two versions of one cell (before and after late data or an
// opt-out) differ by exactly the true change.
import { createHmac } from "node:crypto";
import type { Prisma } from "../../generated/prisma/client";
import { settings } from "../../env";
import { secretsKey } from "../../secrets-file";

/** Seconds get this many times the households' scale. */
export const SECS_NOISE_FACTOR = 600;
const INT4_MAX = 2_147_483_647;

/** Laplace(0, scale) noise for a cell, the same for the same key and cell every time. */
export function cellNoise(cellKey: string, scale: number, key: Buffer): number {
  if (!(scale > 0)) return 0;
  const digest = createHmac("sha256", key).update(`audience-noise|${cellKey}`, "utf8").digest();
  // 52 bits: exactly representable, and never 0 or 1 after the half-step offset.
  const bits = digest.readUIntBE(0, 6) * 16 + (digest[6]! >> 4);
  const u = (bits + 0.5) / 2 ** 52;
  return u < 0.5 ? scale * Math.log(2 * u) : -scale * Math.log(2 * (1 - u));
}

/** A noisy figure: rounded, never negative, within `max`. */
export function noisy(value: number, noise: number, max = Number.MAX_SAFE_INTEGER): number {
  return Math.min(max, Math.max(0, Math.round(value + noise)));
}

type Tx = Prisma.TransactionClient;

/**
 * Adds noise to the day's published cells (already inserted with true figures by the same transaction).
 * Cells of one day are few (hours × channels × regions), so this reads and rewrites them in three
 * statements; sessions are never read here.
 */
export async function addNoiseToDay(tx: Tx, day: string, from: Date, to: Date): Promise<void> {
  const scale = settings().AUDIENCE_NOISE;
  if (!(scale > 0)) return;
  const key = secretsKey();

  const hours = await tx.$queryRawUnsafe<{ hour: Date; channelId: number; regionId: number; secs: bigint }[]>(
    `SELECT hour, "channelId", "regionId", secs FROM "AudienceHourCell"
     WHERE hour >= $1::timestamptz AND hour < $2::timestamptz AND NOT suppressed`,
    from.toISOString(),
    to.toISOString(),
  );
  if (hours.length > 0) {
    const secs = hours.map((c) =>
      noisy(
        Number(c.secs),
        cellNoise(
          `hour|${c.hour.toISOString()}|${c.channelId}|${c.regionId}|secs`,
          scale * SECS_NOISE_FACTOR,
          key,
        ),
      ),
    );
    await tx.$executeRawUnsafe(
      `UPDATE "AudienceHourCell" c SET secs = v.secs
       FROM unnest($1::timestamptz[], $2::int4[], $3::int4[], $4::int8[]) AS v(hour, channel, region, secs)
       WHERE c.hour = v.hour AND c."channelId" = v.channel AND c."regionId" = v.region`,
      hours.map((c) => c.hour.toISOString()),
      hours.map((c) => c.channelId),
      hours.map((c) => c.regionId),
      secs,
    );
  }

  const cells = await tx.$queryRawUnsafe<
    { channelId: number; regionId: number; segment: string; households: number }[]
  >(
    `SELECT "channelId", "regionId", segment, households FROM "AudienceDayCell"
     WHERE day = $1::date AND NOT suppressed`,
    day,
  );
  if (cells.length > 0) {
    await tx.$executeRawUnsafe(
      `UPDATE "AudienceDayCell" c SET households = v.households
       FROM unnest($2::int4[], $3::int4[], $4::text[], $5::int4[]) AS v(channel, region, segment, households)
       WHERE c.day = $1::date AND c."channelId" = v.channel AND c."regionId" = v.region AND c.segment = v.segment`,
      day,
      cells.map((c) => c.channelId),
      cells.map((c) => c.regionId),
      cells.map((c) => c.segment),
      cells.map((c) =>
        noisy(
          c.households,
          cellNoise(`day|${day}|${c.channelId}|${c.regionId}|${c.segment}|households`, scale, key),
          INT4_MAX,
        ),
      ),
    );
  }

  const panel = await tx.$queryRawUnsafe<{ regionId: number; segment: string; households: number }[]>(
    `SELECT "regionId", segment, households FROM "AudiencePanelDay" WHERE day = $1::date AND NOT suppressed`,
    day,
  );
  if (panel.length > 0) {
    await tx.$executeRawUnsafe(
      `UPDATE "AudiencePanelDay" c SET households = v.households
       FROM unnest($2::int4[], $3::text[], $4::int4[]) AS v(region, segment, households)
       WHERE c.day = $1::date AND c."regionId" = v.region AND c.segment = v.segment`,
      day,
      panel.map((c) => c.regionId),
      panel.map((c) => c.segment),
      panel.map((c) =>
        noisy(
          c.households,
          cellNoise(`panel|${day}|${c.regionId}|${c.segment}|households`, scale, key),
          INT4_MAX,
        ),
      ),
    );
  }
}

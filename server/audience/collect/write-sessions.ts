// Viewing sessions -> audience_session rows, pseudonymous: the household and the box only as keyed
// pseudonyms of the period the session starts in, with the household's region and segment. The insert
// and the opt-out check happen under the household's lock, the same one an opt-out takes: a household
// opting out while its box reports can never keep a session written after its opt-out deleted them.
import type { Prisma } from "../../generated/prisma/client";
import { db } from "../../db";
import { settings } from "../../env";
import { ensurePartitions } from "../../monitoring/store/partitions";
import type { DeviceHousehold } from "../household";
import { boxPseudonym, householdPseudonym, periodOf } from "../pseudonym";
import { MAX_SESSION_SPAN_MS } from "../store/cells-sql";
import { localDaysTouched } from "./local-days";

const DAY_MS = 86_400_000;
const INT4_MAX = 2_147_483_647;
const BATCH = 1_000;

export const SESSION_SOURCES = { audienceStats: 1, streamInterval: 2 } as const;

export interface ViewingSession {
  channelId: number;
  start: number;
  end: number;
  secs: number;
  source: (typeof SESSION_SOURCES)[keyof typeof SESSION_SOURCES];
}

export interface WriteOutcome {
  written: number;
  /** outside retention, in the future, or not a valid stretch of time */
  dropped: number;
  optedOut: boolean;
}

type Tx = Prisma.TransactionClient;

/** Serialises collection and opt-out of one household (PostgreSQL advisory lock, to the transaction's end). */
export async function lockHousehold(tx: Tx, household: string): Promise<void> {
  await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(hashtext($1))`, `audience:${household}`);
}

/**
 * Marks the local days for recomputation (a mark already there is refreshed, never lost). Once each
 * and in one sorted order: households collected at once mark shared days, and an upsert locks its rows
 * in input order (two orders deadlock, as the monitoring marks did: ../../monitoring/store/dirty.ts).
 */
export async function markDaysDirty(tx: Tx, days: readonly string[]): Promise<void> {
  if (days.length === 0) return;
  await tx.$executeRawUnsafe(
    `INSERT INTO "AudienceDirtyDay" (day, "markedAt") SELECT unnest($1::date[]), now()
     ON CONFLICT (day) DO UPDATE SET "markedAt" = now()`,
    [...new Set(days)].sort(),
  );
}

/** The sessions that may be stored: whole seconds, inside the window and the retention. */
function storable(sessions: readonly ViewingSession[], now: number): ViewingSession[] {
  const oldest = now - settings().AUDIENCE_SESSION_DAYS * DAY_MS;
  const out: ViewingSession[] = [];
  for (const s of sessions) {
    if (!Number.isFinite(s.start) || !Number.isFinite(s.end) || !Number.isFinite(s.secs)) continue;
    if (s.start < oldest || s.end > now + 3_600_000 || s.end <= s.start) continue;
    if (!Number.isSafeInteger(s.channelId) || s.channelId <= 0 || s.channelId > INT4_MAX) continue;
    // The materializer looks for a day's sessions only this far back (store/cells-sql.ts): a longer
    // window (a box silent for days) keeps its last stretch, with at most that stretch's seconds.
    const start = Math.max(s.start, s.end - MAX_SESSION_SPAN_MS);
    const secs = Math.min(Math.floor(s.secs), Math.floor((s.end - start) / 1000), INT4_MAX);
    if (secs >= 1) out.push({ ...s, start, secs });
  }
  return out;
}

/**
 * Stores the household's sessions; `alongside` (the cursors that moved) runs in the same transaction,
 * so a failure neither loses the viewing nor lets the next reading count it twice.
 */
export async function writeSessions(
  who: DeviceHousehold,
  sessions: readonly ViewingSession[],
  opts: { now?: number; alongside?: (tx: Tx) => Promise<void> } = {},
): Promise<WriteOutcome> {
  const keep = storable(sessions, opts.now ?? Date.now());
  const outcome: WriteOutcome = { written: 0, dropped: sessions.length - keep.length, optedOut: false };
  if (keep.length === 0 && !opts.alongside) return outcome;
  const names = new Map<string, { household: string; box: string }>();
  for (const s of keep) {
    const period = periodOf(new Date(s.start));
    if (!names.has(period))
      names.set(period, {
        household: await householdPseudonym(period, who.household),
        box: await boxPseudonym(period, who.deviceId),
      });
  }
  if (keep.length > 0)
    await ensurePartitions(
      "audience_session",
      keep.map((s) => new Date(s.start)),
    );
  const days = new Set(keep.flatMap((s) => localDaysTouched(s.start, s.end)));
  return db().$transaction(async (tx) => {
    await lockHousehold(tx, who.household);
    const optedOut = await tx.audienceOptOut.findUnique({ where: { household: who.household } });
    if (optedOut) return { written: 0, dropped: sessions.length, optedOut: true };
    for (let i = 0; i < keep.length; i += BATCH) {
      const batch = keep.slice(i, i + BATCH);
      const periods = batch.map((s) => periodOf(new Date(s.start)));
      outcome.written += await tx.$executeRawUnsafe(
        `INSERT INTO audience_session
           (period, household, box, channel_id, region_id, segment, start_at, end_at, secs, source)
         SELECT u.period, u.household, u.box, u.channel_id, $5::int4, $6::text, u.start_at, u.end_at, u.secs, u.source
           FROM unnest($1::text[], $2::text[], $3::text[], $4::int4[], $7::timestamptz[],
                       $8::timestamptz[], $9::int4[], $10::int2[])
             AS u(period, household, box, channel_id, start_at, end_at, secs, source)`,
        periods,
        periods.map((p) => names.get(p)!.household),
        periods.map((p) => names.get(p)!.box),
        batch.map((s) => s.channelId),
        Math.max(0, Math.min(INT4_MAX, Math.floor(who.regionId))),
        who.segment,
        batch.map((s) => new Date(s.start).toISOString()),
        batch.map((s) => new Date(s.end).toISOString()),
        batch.map((s) => s.secs),
        batch.map((s) => s.source),
      );
    }
    await markDaysDirty(tx, [...days]);
    await opts.alongside?.(tx);
    return outcome;
  });
}

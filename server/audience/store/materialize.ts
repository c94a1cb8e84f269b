// Published cells from sessions: each local day marked dirty (new sessions, an opt-out's deletion) is
// recomputed whole, idempotently: its cells deleted and rebuilt from audience_session in one
// transaction. A cell reached by fewer than AUDIENCE_K households is stored suppressed with NULL
// figures, so nothing below k is kept once the sessions are gone. Several processes may run this: a day
// is taken under a transaction-scoped advisory lock (another process skips it), and a mark made while
// the day was recomputed survives: only the mark row as read is removed (same markedAt AND same row
// version, xmin; a re-mark in the same millisecond, or one stamped with its transaction's older start
// time, is still a new row version).
import type { Prisma } from "../../generated/prisma/client";
import { db } from "../../db";
import { settings } from "../../env";
import {
  DELETE_DAY_CELLS,
  DELETE_HOUR_CELLS,
  DELETE_PANEL,
  INSERT_DAY_CELLS_AND_PANEL,
  INSERT_HOUR_CELLS,
  MAX_SESSION_SPAN_MS,
} from "./cells-sql";
import { addNoiseToDay } from "./noise";

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

export interface MaterializeOptions {
  /** Dirty days per call (default 50) */
  limit?: number;
  /** Runs after the marks were read, before any day is recomputed (tests: a re-mark racing the work) */
  afterMarksRead?: () => Promise<void>;
  /** Checked between days: a stopping process ends after the day in progress (its marks stay) */
  stopped?: () => boolean;
}

export interface MaterializeResult {
  /** Days whose cells were rebuilt */
  recomputed: number;
  /** Days past the session retention: their sessions are (partly) gone, so their cells are kept as they are */
  expired: number;
  /** Days another process held */
  busy: number;
}

/**
 * The oldest session start still kept: retention drops daily partitions ending at or before
 * now - AUDIENCE_SESSION_DAYS, so the partition holding that instant is the oldest one left.
 */
export function sessionsKeptFrom(now: Date): Date {
  const t = now.getTime() - settings().AUDIENCE_SESSION_DAYS * DAY_MS;
  return new Date(Math.floor(t / DAY_MS) * DAY_MS);
}

/** [start, end) of a local day in AUDIENCE_TIME_ZONE, from the database (the same rules it groups by). */
async function dayBounds(day: string): Promise<{ from: Date; to: Date }> {
  const [row] = await db().$queryRawUnsafe<{ from: Date; to: Date }[]>(
    `SELECT ($1::date::timestamp AT TIME ZONE $2) AS "from", (($1::date + 1)::timestamp AT TIME ZONE $2) AS "to"`,
    day,
    settings().AUDIENCE_TIME_ZONE,
  );
  if (!row) throw new Error(`audience: no bounds for ${day}`);
  return { from: new Date(row.from), to: new Date(row.to) };
}

const ceilHour = (t: Date) => new Date(Math.ceil(t.getTime() / HOUR_MS) * HOUR_MS);

/** Recomputes the dirty days, oldest first, at most `limit` of them. */
export async function materializeDirtyDays(
  now: Date = new Date(),
  options: MaterializeOptions = {},
): Promise<MaterializeResult> {
  const limit = Math.min(1_000, Math.max(1, Math.floor(options.limit ?? 50)));
  const marks = await db().$queryRawUnsafe<Mark[]>(
    `SELECT day::text AS day, "markedAt"::text AS "markedAt", xmin::text AS version
     FROM "AudienceDirtyDay" ORDER BY day LIMIT ${limit}`,
  );
  await options.afterMarksRead?.();
  const result: MaterializeResult = { recomputed: 0, expired: 0, busy: 0 };
  const keptFrom = sessionsKeptFrom(now);
  for (const mark of marks) {
    if (options.stopped?.()) break;
    const bounds = await dayBounds(mark.day);
    if (bounds.from < keptFrom) {
      await db().$executeRawUnsafe(DELETE_MARK, mark.day, mark.markedAt, mark.version);
      result.expired++;
      continue;
    }
    if (await recomputeDay(mark, bounds)) result.recomputed++;
    else result.busy++;
  }
  return result;
}

interface Mark {
  day: string;
  markedAt: string;
  /** xmin of the row read: any re-mark (ON CONFLICT DO UPDATE) makes a new row version */
  version: string;
}

/**
 * Removes the mark as read. A concurrent re-mark not yet committed holds the row: the DELETE waits for
 * it and then sees the new version, which no longer matches.
 */
const DELETE_MARK = `DELETE FROM "AudienceDirtyDay"
  WHERE day = $1::date AND "markedAt" = $2::timestamp AND xmin::text = $3`;

async function recomputeDay(mark: Mark, { from, to }: { from: Date; to: Date }): Promise<boolean> {
  const { day } = mark;
  const k = settings().AUDIENCE_K;
  const hourFrom = ceilHour(from);
  const hourTo = ceilHour(to);
  const scanFrom = new Date(from.getTime() - MAX_SESSION_SPAN_MS).toISOString();
  const iso = (d: Date) => d.toISOString();
  return db().$transaction(
    async (tx: Prisma.TransactionClient) => {
      const [lock] = await tx.$queryRawUnsafe<{ locked: boolean }[]>(
        `SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked`,
        `audience-day|${day}`,
      );
      if (!lock?.locked) return false;
      // Per-household grouping of a large day hashes ~100k groups: without this it spills to disk.
      await tx.$executeRawUnsafe(`SET LOCAL work_mem = '64MB'`);
      await tx.$executeRawUnsafe(DELETE_HOUR_CELLS, iso(from), iso(to));
      await tx.$executeRawUnsafe(DELETE_DAY_CELLS, day);
      await tx.$executeRawUnsafe(DELETE_PANEL, day);
      await tx.$executeRawUnsafe(INSERT_HOUR_CELLS, iso(hourFrom), iso(hourTo), scanFrom, k);
      await tx.$executeRawUnsafe(INSERT_DAY_CELLS_AND_PANEL, day, iso(from), iso(to), scanFrom, k);
      await addNoiseToDay(tx, day, from, to);
      await tx.$executeRawUnsafe(DELETE_MARK, day, mark.markedAt, mark.version);
      return true;
    },
    // A large day is a big statement; materializing never blocks collection (no lock it needs).
    { timeout: 600_000, maxWait: 60_000 },
  );
}

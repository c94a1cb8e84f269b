// Audience retention: individual sessions live AUDIENCE_SESSION_DAYS (whole daily partitions dropped,
// never row-by-row deletes), published cells AUDIENCE_CELL_DAYS, and a period's pseudonym key only as
// long as sessions made with it may exist (after that nothing links a cell back to a household).
// Partitions are also created ahead of the data here. Safe to run from several processes (DDL is
// IF EXISTS / IF NOT EXISTS, deletes are idempotent).
import { db } from "../../db";
import { settings } from "../../env";
import {
  ensurePartitions,
  forgetPartitions,
  partitionEnd,
  partitionStart,
} from "../../monitoring/store/partitions";
import { dropExpiredPeriodKeys } from "../pseudonym";

const DAY_MS = 86_400_000;
const TABLE = "audience_session";

export interface AudienceRetentionResult {
  /** audience_session partitions dropped */
  dropped: string[];
  hourCellsDeleted: number;
  dayCellsDeleted: number;
  panelDaysDeleted: number;
  /** pseudonym periods whose key was destroyed */
  keysDropped: string[];
}

/** Session partitions for today and the next two days (UTC), so collection never waits on DDL. */
export async function ensureSessionPartitionsAhead(now: Date = new Date()): Promise<void> {
  await ensurePartitions(
    TABLE,
    [0, 1, 2].map((d) => new Date(now.getTime() + d * DAY_MS)),
  );
}

async function sessionPartitions(): Promise<{ name: string; start: Date }[]> {
  const rows = await db().$queryRawUnsafe<{ name: string }[]>(
    `SELECT c.relname::text AS name FROM pg_inherits i
       JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
     WHERE p.relname = $1`,
    TABLE,
  );
  const out: { name: string; start: Date }[] = [];
  for (const { name } of rows) {
    const m = /_p(\d{4})(\d{2})(\d{2})$/.exec(name);
    // Not a partition this code made: left alone for an operator to look at.
    if (m) out.push({ name, start: new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) });
  }
  return out;
}

export async function applyAudienceRetention(now: Date = new Date()): Promise<AudienceRetentionResult> {
  const s = settings();
  await ensureSessionPartitionsAhead(now);

  // A partition goes once all of it is older than the session retention.
  const sessionHorizon = now.getTime() - s.AUDIENCE_SESSION_DAYS * DAY_MS;
  const dropped: string[] = [];
  for (const { name, start } of await sessionPartitions()) {
    if (partitionEnd(TABLE, partitionStart(TABLE, start)).getTime() > sessionHorizon) continue;
    await db().$executeRawUnsafe(`DROP TABLE IF EXISTS "${name}"`);
    dropped.push(name);
  }
  if (dropped.length > 0) forgetPartitions();

  const cellHorizon = new Date(now.getTime() - s.AUDIENCE_CELL_DAYS * DAY_MS).toISOString();
  const hourCellsDeleted = await db().$executeRawUnsafe(
    `DELETE FROM "AudienceHourCell" WHERE hour < $1::timestamptz`,
    cellHorizon,
  );
  // Local days (the day cells' own calendar) before the local date of the horizon.
  const localHorizon = `($1::timestamptz AT TIME ZONE $2)::date`;
  const dayCellsDeleted = await db().$executeRawUnsafe(
    `DELETE FROM "AudienceDayCell" WHERE day < ${localHorizon}`,
    cellHorizon,
    s.AUDIENCE_TIME_ZONE,
  );
  const panelDaysDeleted = await db().$executeRawUnsafe(
    `DELETE FROM "AudiencePanelDay" WHERE day < ${localHorizon}`,
    cellHorizon,
    s.AUDIENCE_TIME_ZONE,
  );
  const keysDropped = await dropExpiredPeriodKeys(now);
  return { dropped, hourCellsDeleted, dayCellsDeleted, panelDaysDeleted, keysDropped };
}

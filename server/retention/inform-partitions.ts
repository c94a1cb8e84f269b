// Inform events live in a table partitioned by day (migration hot_path): one partition per UTC day,
// named InformEvent_pYYYYMMDD, plus a DEFAULT partition that takes any row no day partition covers, so
// an insert never fails. This module creates the days ahead (today and INFORM_PARTITION_DAYS_AHEAD
// more) and drops the days retention no longer keeps: a DROP TABLE instead of millions of row deletes
// and the vacuum they leave behind. Runs on one node at a time (a cluster singleton, server/start.ts).
import { db } from "../db";
import { logger } from "../logger";
import { startPollLoop, type PollLoop } from "../core/poll-loop";

/** Day partitions kept ready beyond today, so a stopped job or a skewed clock has days of slack. */
export const INFORM_PARTITION_DAYS_AHEAD = 3;
const DAY_MS = 24 * 60 * 60 * 1000;
const PARENT = `"InformEvent"`;
export const DEFAULT_PARTITION = "InformEvent_default";
const NAME = /^InformEvent_p(\d{4})(\d{2})(\d{2})$/;
/**
 * A partition operation waits at most this long for its locks (Informs queue behind the request
 * meanwhile); past it, the next tick tries again (days are created 3 ahead, so there is time).
 */
const LOCK_TIMEOUT = "2s";

const dayStart = (t: Date): Date => new Date(Math.floor(t.getTime() / DAY_MS) * DAY_MS);
const partitionName = (day: Date): string =>
  `InformEvent_p${day.toISOString().slice(0, 10).replace(/-/g, "")}`;
/** A bound as the timestamp literal the column (timestamp(3), UTC) compares with. */
const literal = (t: Date): string => `'${t.toISOString().slice(0, 19).replace("T", " ")}'`;

export interface DayPartition {
  name: string;
  /** Start of the day (UTC), inclusive. */
  from: Date;
  /** Start of the next day, exclusive. */
  to: Date;
}

/** The day partitions that exist, oldest first (the DEFAULT partition is not one). */
export async function listInformPartitions(): Promise<DayPartition[]> {
  const rows = await db().$queryRawUnsafe<{ name: string }[]>(
    `SELECT c.relname::text AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
      WHERE i.inhparent = '${PARENT}'::regclass`,
  );
  return rows
    .flatMap(({ name }) => {
      const m = NAME.exec(name);
      if (!m) return [];
      const from = new Date(`${m[1]}-${m[2]}-${m[3]}T00:00:00Z`);
      return [{ name, from, to: new Date(from.getTime() + DAY_MS) }];
    })
    .sort((a, b) => a.from.getTime() - b.from.getTime());
}

/**
 * Create the partitions of today .. today + daysAhead (UTC) that are missing; returns their names.
 * Rows of such a day already in the DEFAULT partition (written while its partition was missing) move
 * into the new one in the same transaction: a partition cannot be attached while DEFAULT holds rows of
 * its range. The DEFAULT partition is locked first so no such row arrives in between.
 */
export async function createInformPartitions(
  now = new Date(),
  daysAhead = INFORM_PARTITION_DAYS_AHEAD,
): Promise<string[]> {
  const existing = new Set((await listInformPartitions()).map((p) => p.name));
  const created: string[] = [];
  for (let d = 0; d <= daysAhead; d++) {
    const from = new Date(dayStart(now).getTime() + d * DAY_MS);
    const name = partitionName(from);
    if (existing.has(name)) continue;
    const to = new Date(from.getTime() + DAY_MS);
    const made = await db().$transaction(async (tx) => {
      await tx.$executeRawUnsafe(`SET LOCAL lock_timeout = '${LOCK_TIMEOUT}'`);
      // Locks in the order an Inform statement takes them (Device, then the partition its event goes
      // to). Attaching clones InformEvent's foreign key, which locks Device against writes: taken
      // after the DEFAULT partition, it deadlocked with an Inform that had updated its device and
      // waited to insert its event into DEFAULT.
      await tx.$executeRawUnsafe(`LOCK TABLE "Device" IN SHARE ROW EXCLUSIVE MODE`);
      await tx.$executeRawUnsafe(`LOCK TABLE "${DEFAULT_PARTITION}" IN ACCESS EXCLUSIVE MODE`);
      // Another node starting at the same time may have created it while this one waited for the
      // locks (they serialize on Device's): then there is nothing to do.
      const exists = await tx.$queryRawUnsafe<{ found: boolean }[]>(
        `SELECT to_regclass('"${name}"') IS NOT NULL AS found`,
      );
      if (exists[0]?.found) return false;
      await tx.$executeRawUnsafe(`CREATE TABLE "${name}" (LIKE ${PARENT} INCLUDING DEFAULTS)`);
      await tx.$executeRawUnsafe(
        `WITH moved AS (DELETE FROM "${DEFAULT_PARTITION}"
                         WHERE "receivedAt" >= ${literal(from)} AND "receivedAt" < ${literal(to)} RETURNING *)
         INSERT INTO "${name}" SELECT * FROM moved`,
      );
      await tx.$executeRawUnsafe(
        `ALTER TABLE ${PARENT} ATTACH PARTITION "${name}" FOR VALUES FROM (${literal(from)}) TO (${literal(to)})`,
      );
      return true;
    });
    if (made) created.push(name);
  }
  return created;
}

/**
 * Drop the day partitions that end at or before `cutoff` (every row in them is older); returns their
 * names. Rows in the DEFAULT partition are retention's batched deletes' business (retention.ts).
 */
export async function dropInformPartitionsBefore(cutoff: Date): Promise<string[]> {
  const old = (await listInformPartitions()).filter((p) => p.to.getTime() <= cutoff.getTime());
  for (const p of old) {
    // Dropping a partition takes a brief exclusive lock on the parent: bounded, so Informs never
    // queue behind a long wait for it.
    await db().$transaction(async (tx) => {
      await tx.$executeRawUnsafe(`SET LOCAL lock_timeout = '${LOCK_TIMEOUT}'`);
      // The parent first, as an Inform statement locks it before any partition.
      await tx.$executeRawUnsafe(`LOCK TABLE ${PARENT} IN ACCESS EXCLUSIVE MODE`);
      await tx.$executeRawUnsafe(`DROP TABLE "${p.name}"`);
    });
  }
  return old.map((p) => p.name);
}

/**
 * Keep the day partitions created ahead: a run now, then every pollMs (hourly by default). Run it on
 * one node of a cluster (a singleton job); on several, a losing concurrent create fails harmlessly
 * (rolled back) and is logged.
 */
export function startInformPartitions(options: { pollMs?: number } = {}): PollLoop {
  const log = logger("inform-partitions");
  const tick = async (): Promise<void> => {
    const created = await createInformPartitions();
    if (created.length > 0) log.info({ created }, "inform event partitions created");
  };
  const onError = (err: unknown) => log.warn({ err }, "inform event partitions: run failed");
  const loop = startPollLoop(options.pollMs ?? 60 * 60 * 1000, tick, onError);
  // The first run at once (an empty new database has no day partition yet), outside the loop's chain
  // so a failure there does not skip the next tick.
  const first = tick().catch(onError);
  return {
    tick: () => first.then(() => loop.tick()),
    stop: () => first.then(() => loop.stop()),
  };
}

// The JobLease rows behind singleton background jobs: one row per job name, naming the node that may run
// it until "expiresAt". Every statement is a single autocommit statement (no session state, no
// session-level advisory lock), so it works through pgbouncer in transaction mode. Every time is the
// database's now(): nodes never compare their own clocks with each other's. Times are stored in UTC,
// like Prisma's DateTime columns, whatever the session's time zone.
import { db } from "../db";

const NOW = `(now() AT TIME ZONE 'UTC')`;

/**
 * Take the lease `name` for `owner` for ttlMs, if it is free, expired, or (when reclaimOwn) already
 * this owner's: a node restarted after a crash takes back at once what its previous run held. Returns
 * the lease's generation (one more at every acquisition: the fencing token renewals and release check),
 * or undefined when another node holds it.
 */
export async function acquireLease(
  name: string,
  owner: string,
  ttlMs: number,
  reclaimOwn: boolean,
): Promise<number | undefined> {
  const rows = await db().$queryRawUnsafe<{ generation: number }[]>(
    `INSERT INTO "JobLease" AS l (name, owner, "acquiredAt", "renewedAt", "expiresAt", generation)
     VALUES ($1, $2, ${NOW}, ${NOW}, ${NOW} + make_interval(secs => $3::double precision), 1)
     ON CONFLICT (name) DO UPDATE
        SET owner = EXCLUDED.owner, "acquiredAt" = EXCLUDED."acquiredAt", "renewedAt" = EXCLUDED."renewedAt",
            "expiresAt" = EXCLUDED."expiresAt", generation = l.generation + 1
      WHERE l."expiresAt" <= ${NOW} OR (l.owner = EXCLUDED.owner AND $4::boolean)
     RETURNING generation`,
    name,
    owner,
    ttlMs / 1000,
    reclaimOwn,
  );
  return rows[0]?.generation;
}

/**
 * Extend the lease by ttlMs from now, only while it is still this owner's term (same generation): a
 * lease another node took over in between is not taken back. False when it was lost.
 */
export async function renewLease(
  name: string,
  owner: string,
  generation: number,
  ttlMs: number,
): Promise<boolean> {
  const n = await db().$executeRawUnsafe(
    `UPDATE "JobLease" SET "renewedAt" = ${NOW}, "expiresAt" = ${NOW} + make_interval(secs => $4::double precision)
      WHERE name = $1 AND owner = $2 AND generation = $3`,
    name,
    owner,
    generation,
    ttlMs / 1000,
  );
  return n > 0;
}

/** End this owner's term now, so another node takes the job at its next attempt instead of after the TTL. */
export async function releaseLease(name: string, owner: string, generation: number): Promise<void> {
  await db().$executeRawUnsafe(
    `UPDATE "JobLease" SET "expiresAt" = ${NOW} WHERE name = $1 AND owner = $2 AND generation = $3`,
    name,
    owner,
    generation,
  );
}

export interface JobLeaseRow {
  name: string;
  owner: string;
  acquiredAt: Date;
  renewedAt: Date;
  expiresAt: Date;
  generation: number;
  /** Unexpired by the database's clock: the owner may be running the job. */
  live: boolean;
}

export function readJobLeases(): Promise<JobLeaseRow[]> {
  return db().$queryRawUnsafe<JobLeaseRow[]>(
    `SELECT name, owner, "acquiredAt", "renewedAt", "expiresAt", generation, "expiresAt" > ${NOW} AS live
       FROM "JobLease" ORDER BY name`,
  );
}

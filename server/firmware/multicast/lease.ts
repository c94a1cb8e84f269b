// The lease that keeps a FLUTE session's sender on exactly one node: a node claims a live session that
// is free, its own, or whose lease has run out (its node died or hangs), and renews the lease on every
// runner tick; the counters and the end are written only by the lease holder. All state is in the row,
// so any node can take over and carry on with the same TSI, group and counters.
import { db } from "../../db";
import type { FluteSession } from "../../generated/prisma/client";

const ts = (d: Date) => d.toISOString();

/**
 * Claims (or renews) up to `max` live sessions for `node` until now + leaseMs; returns those it holds.
 * SKIP LOCKED: two nodes claiming at once never both get a row.
 */
export async function claimSessions(
  node: string,
  now: Date,
  leaseMs: number,
  max: number,
): Promise<FluteSession[]> {
  const until = new Date(now.getTime() + leaseMs);
  const rows = await db().$queryRaw<{ id: number }[]>`
    UPDATE "FluteSession" SET "ownerNode" = ${node}, "leaseUntil" = ${ts(until)}::timestamp,
           "state" = 'sending', "startedAt" = COALESCE("startedAt", ${ts(now)}::timestamp)
     WHERE "id" IN (
       SELECT "id" FROM "FluteSession"
        WHERE "state" IN ('pending', 'sending')
          AND ("endsAt" IS NULL OR "endsAt" > ${ts(now)}::timestamp)
          AND ("ownerNode" = ${node} OR "ownerNode" IS NULL OR "leaseUntil" IS NULL
               OR "leaseUntil" < ${ts(now)}::timestamp)
        ORDER BY "id" LIMIT ${max} FOR UPDATE SKIP LOCKED)
    RETURNING "id"`;
  if (rows.length === 0) return [];
  return db().fluteSession.findMany({ where: { id: { in: rows.map((r) => r.id) } }, orderBy: { id: "asc" } });
}

/** Live sessions whose end has come are done (whichever node sees it first). */
export async function endExpiredSessions(now: Date): Promise<number> {
  return db().$executeRaw`
    UPDATE "FluteSession" SET "state" = 'done', "endedAt" = ${ts(now)}::timestamp, "leaseUntil" = NULL
     WHERE "state" IN ('pending', 'sending') AND "endsAt" <= ${ts(now)}::timestamp`;
}

export interface SessionCounters {
  passes: number;
  packetsSent: number;
  bytesSent: number;
}

/**
 * The sender's counters (cumulative over restarts), written while `node` holds the lease — or while
 * nobody does: a wave that restarts its session (next stage, resume) clears the owner before this node's
 * sender of the previous run has written its last figures, which must not be lost (a short session could
 * otherwise end with 0 passes). Once another node has claimed the row, a stale node writes nothing.
 * `stoppedAt`: the sender has stopped, so these figures are its last (senderEndedAt).
 */
export async function writeProgress(
  id: number,
  node: string,
  c: SessionCounters,
  stoppedAt: Date | null = null,
): Promise<boolean> {
  const n = await db().fluteSession.updateMany({
    where: { id, OR: [{ ownerNode: node }, { ownerNode: null }] },
    data: {
      passes: c.passes,
      packetsSent: BigInt(c.packetsSent),
      bytesSent: BigInt(c.bytesSent),
      // The sender has stopped: these are its last figures (the console and tests wait for them).
      ...(stoppedAt ? { senderEndedAt: stoppedAt } : {}),
    },
  });
  return n.count > 0;
}

/** A sender starts on `node`: figures until it stops are not final (a restart after an earlier stop). */
export async function markSenderStarted(id: number, node: string): Promise<void> {
  await db().fluteSession.updateMany({ where: { id, ownerNode: node }, data: { senderEndedAt: null } });
}

/** The sender could not run (settings, socket, a missing file): shown on the wave page. */
export async function markFailed(id: number, node: string, error: string, now: Date): Promise<void> {
  await db().fluteSession.updateMany({
    where: { id, ownerNode: node, state: { in: ["pending", "sending"] } },
    data: {
      state: "failed",
      lastError: error.slice(0, 500),
      endedAt: now,
      leaseUntil: null,
      senderEndedAt: now,
    },
  });
}

/** A node shutting down hands its live sessions over at once instead of after the lease. */
export async function releaseSessions(node: string): Promise<number> {
  const n = await db().fluteSession.updateMany({
    where: { ownerNode: node, state: { in: ["pending", "sending"] } },
    data: { leaseUntil: null, ownerNode: null },
  });
  return n.count;
}

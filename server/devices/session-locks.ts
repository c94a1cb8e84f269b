// Who holds a device's session lock. The lock is a row lock with expiry on Device (sessionId,
// sessionExpires), claimed by the Inform statements only when free, expired or already the claiming
// session's; "sessionOwner" names the ACS process (node) that claimed it, so a node restarted after a
// crash releases the locks its previous run held at once instead of refusing those devices (503) for
// a whole lock lifetime.
import os from "node:os";
import type { DeviceIdStruct } from "../cwmp/soap/types";
import { preparedQuery } from "../db";
import { settings, type Settings } from "../env";

/** This process's name on the locks it takes: NODE_ID, else host:CWMP port (unique per host). */
export function nodeId(): string {
  const s = settings();
  // Called on every Inform: computed once per settings object (tests replace it in-process).
  if (cached?.settings !== s) cached = { settings: s, id: s.NODE_ID ?? `${os.hostname()}:${s.CWMP_PORT}` };
  return cached.id;
}

let cached: { settings: Settings; id: string } | undefined;

/**
 * Every node keeps a heartbeat lease "node:<NODE_ID>" in JobLease (server/start.ts). A lock whose owner's
 * heartbeat has lapsed belongs to a dead node: a new Inform of the device (on any node) takes it over at
 * once instead of being refused until the lock itself expires (2 x CWMP_SESSION_TIMEOUT). A node that
 * never had a heartbeat row (an older release) is presumed alive.
 */
export const NODE_LEASE_PREFIX = "node:";

/**
 * The session id holding the device's lock at `now`, or undefined when it is free (or gone). Only read
 * on the rare path where an Inform could not take the lock, so the engine can recognise its own
 * stale session and take it over.
 */
export async function lockHolder(
  identity: Pick<DeviceIdStruct, "oui" | "productClass" | "serialNumber">,
  now: Date,
): Promise<{ holder: string; owner: string | null; ownerGone: boolean } | undefined> {
  const rows = await preparedQuery<{ holder: string | null; owner: string | null; owner_gone: boolean }>(
    "session-lock-holder",
    `SELECT d."sessionId" AS holder, d."sessionOwner" AS owner,
            COALESCE(l."expiresAt" <= (now() AT TIME ZONE 'UTC'), false) AS owner_gone
       FROM "Device" d LEFT JOIN "JobLease" l ON l.name = $5 || d."sessionOwner"
      WHERE d.oui = $1 AND d."productClass" = $2 AND d."serialNumber" = $3
        AND d."sessionId" IS NOT NULL AND d."sessionExpires" >= $4::timestamp`,
    [identity.oui, identity.productClass, identity.serialNumber, now.toISOString(), NODE_LEASE_PREFIX],
  );
  const row = rows[0];
  return row?.holder ? { holder: row.holder, owner: row.owner, ownerGone: row.owner_gone } : undefined;
}

/**
 * Release every session lock recorded as held by `owner` and taken before `before` (called at start
 * with this node's id and the start time: any such lock was left by a previous run, while locks this
 * run takes are newer, so it may run in the background). Returns how many devices were released. One
 * scan of the device table, once per start; meanwhile a device's Inform takes such a lock over anyway
 * (the engine knows the session is not one of this process's).
 */
export async function releaseLocksOwnedBy(owner: string, before: Date): Promise<number> {
  const rows = await preparedQuery<{ released: number }>(
    "release-locks-owned-by",
    `WITH released AS (
       UPDATE "Device" SET "sessionId" = NULL, "sessionExpires" = NULL, "sessionOwner" = NULL
        WHERE "sessionOwner" = $1 AND "sessionId" IS NOT NULL AND "sessionLockedAt" < $2::timestamp
       RETURNING 1)
     SELECT count(*)::int AS released FROM released`,
    [owner, before.toISOString()],
  );
  return rows[0]?.released ?? 0;
}

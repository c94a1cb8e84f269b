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
 * The session id holding the device's lock at `now`, or undefined when it is free (or gone). Only read
 * on the rare path where an Inform could not take the lock, so the engine can recognise its own
 * stale session and take it over.
 */
export async function lockHolder(
  identity: Pick<DeviceIdStruct, "oui" | "productClass" | "serialNumber">,
  now: Date,
): Promise<{ holder: string; owner: string | null } | undefined> {
  const rows = await preparedQuery<{ holder: string | null; owner: string | null }>(
    "session-lock-holder",
    `SELECT "sessionId" AS holder, "sessionOwner" AS owner FROM "Device"
      WHERE oui = $1 AND "productClass" = $2 AND "serialNumber" = $3
        AND "sessionId" IS NOT NULL AND "sessionExpires" >= $4::timestamp`,
    [identity.oui, identity.productClass, identity.serialNumber, now.toISOString()],
  );
  const row = rows[0];
  return row?.holder ? { holder: row.holder, owner: row.owner } : undefined;
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

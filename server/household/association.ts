// Gateway ↔ boxes (TR-111 Part 1): the gateway's ManageableDevice table, kept in the ManageableDevice
// rows. Synced whenever a GetParameterValues answer covered the table (the bootstrap full read, a
// console refresh, or the read queued here), and re-read when the gateway notifies a change of
// ManageableDeviceNumberOfEntries (4 VALUE CHANGE). Reacts to session events; never in the session
// backend. A gateway reporting garbage loses nothing and fails nothing: bad rows are skipped.
// No "server-only" marker: server/start.ts (run by tsx) registers these handlers.
import { db, preparedQuery } from "../db";
import type { InformRecordedEvent, TaskFinishedEvent } from "../events/session-events";
import { logger } from "../logger";
import { entriesMatching } from "../devices/parameter-tree";
import { queueTask } from "../tasks/service";
import { manageableRows, manageableTable, NUMBER_OF_ENTRIES, readsTable } from "./rows";
import { finishedTask } from "../tasks/finished";

export const HOUSEHOLD_CREATOR = "household";
const ROOTS = ["InternetGatewayDevice", "Device"] as const;

/** The re-read is worth nothing once the next notification or periodic full read comes. */
const READ_LIFETIME_MS = 60 * 60_000;

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** A gateway told us its table changed: read it again (once; a read already waiting covers it). */
export async function householdOnInform(event: InformRecordedEvent): Promise<void> {
  if (!event.codes.has("4 VALUE CHANGE")) return;
  if (!event.inform.parameterList.some((p) => NUMBER_OF_ENTRIES.test(p.name))) return;
  const { id, rootObject } = event.device;
  const table = manageableTable(rootObject);
  const waiting = await db().task.count({
    where: { deviceId: id, createdBy: HOUSEHOLD_CREATOR, state: { in: ["queued", "sent"] } },
  });
  if (waiting > 0) return;
  await queueTask(
    id,
    { name: "GetParameterValues", parameterNames: [table] },
    { createdBy: HOUSEHOLD_CREATOR, expiresAt: new Date(Date.now() + READ_LIFETIME_MS) },
  );
}

export async function householdOnTaskFinished(event: TaskFinishedEvent): Promise<void> {
  if (event.outcome !== "GetParameterValuesResponse") return;
  const task = await finishedTask(event);
  const names = (task?.request as { parameterNames?: unknown } | undefined)?.parameterNames;
  if (!task || !Array.isArray(names) || !names.every((n) => typeof n === "string")) return;
  // The table's root is the one the read named (the answer was stored under it): no device read.
  const rootObject = ROOTS.find((root) => readsTable(root, names));
  if (!rootObject) return;
  if (event.wholeTreeValues) {
    // The whole tree was replaced by this read: the table is exactly what its values list, no
    // instance of an older read is left, and nothing needs reading back (a boot storm's every device).
    const table = manageableTable(rootObject);
    const fresh = event.wholeTreeValues
      .filter((p) => p.name.startsWith(table))
      .map((p): [string, string] => [p.name, p.value]);
    await replaceRows(event.deviceId, fresh, []);
    return;
  }
  // What this answer brought: entries written since the read was sent (1 s of clock slack).
  const since = (task.sentAt?.getTime() ?? Date.now()) - 1_000;
  await syncManageableDevices(event.deviceId, rootObject, since);
}

// The gateway's rows become $2's (a JSON array of rows): the others deleted, these inserted or their
// host and seenAt ($3) updated. Both parts see the rows as they were before the statement: the DELETE
// never touches a row the INSERT writes.
const REPLACE_ROWS = `WITH keep AS (
    SELECT k.oui, k."serialNumber", k."productClass", k.host
      FROM jsonb_to_recordset($2::jsonb) AS k(oui text, "serialNumber" text, "productClass" text, host text)),
  gone AS (
    DELETE FROM "ManageableDevice" m WHERE m."gatewayId" = $1 AND NOT EXISTS (
      SELECT 1 FROM keep k
       WHERE k.oui = m.oui AND k."serialNumber" = m."serialNumber" AND k."productClass" = m."productClass"))
  INSERT INTO "ManageableDevice" ("gatewayId", oui, "serialNumber", "productClass", host, "seenAt")
  SELECT $1, k.oui, k."serialNumber", k."productClass", k.host, $3::timestamp FROM keep k
  ON CONFLICT ("gatewayId", oui, "serialNumber", "productClass")
  DO UPDATE SET host = EXCLUDED.host, "seenAt" = EXCLUDED."seenAt"`;

/**
 * The table as the answer since `since` reported it replaces the gateway's rows: new boxes added,
 * gone ones deleted. Instances the answer no longer had are removed from the parameter document too
 * (a GetParameterValues merge keeps old keys), so the tree shows the table the gateway has.
 */
export async function syncManageableDevices(
  gatewayId: number,
  rootObject: string,
  since: number,
): Promise<{ rows: number; rejected: number; removedInstances: number }> {
  const table = manageableTable(rootObject);
  const entries = await entriesMatching(gatewayId, `^${escapeRegex(table)}`);
  // One answer's entries all carry the same ts (task-effects.ts merges them at one instant), and this
  // runs right after that merge: the newest ts under the table is this answer's, when it is not older
  // than the read itself (an empty table leaves only older entries: all stale).
  let newest = -Infinity;
  for (const entry of entries.values()) if (entry.v !== undefined) newest = Math.max(newest, entry.ts);
  const answerTs = newest >= since ? newest : Infinity;
  const fresh: [string, string][] = [];
  const stale = new Set<string>();
  for (const [path, entry] of entries) {
    const instance = /^(.*\.ManageableDevice\.\d+\.)/.exec(path)?.[1];
    if (!instance) continue;
    if (entry.ts === answerTs && entry.v !== undefined) fresh.push([path, entry.v]);
    else stale.add(instance);
  }
  const present = new Set(fresh.map(([p]) => /^(.*\.ManageableDevice\.\d+\.)/.exec(p)![1]!));
  const removed = [...stale].filter((i) => !present.has(i)).slice(0, 1024);
  return replaceRows(gatewayId, fresh, removed);
}

/**
 * The gateway's rows become those `fresh` (path, value) entries describe; the `removed` instances
 * leave the parameter document.
 */
async function replaceRows(
  gatewayId: number,
  fresh: readonly (readonly [string, string])[],
  removed: readonly string[],
): Promise<{ rows: number; rejected: number; removedInstances: number }> {
  const { rows, rejected } = manageableRows(fresh);
  const now = new Date();
  if (removed.length === 0) {
    // The common case (every device's full read comes here, a set-top box's with no table): one
    // statement on the pool, no transaction.
    await preparedQuery("manageable-replace", REPLACE_ROWS, [
      gatewayId,
      JSON.stringify(rows),
      now.toISOString(),
    ]);
  } else {
    await db().$transaction(async (tx) => {
      // Prisma's NOT over an empty list would match nothing: an empty table deletes every row.
      const keep = rows.map((r) => ({
        oui: r.oui,
        serialNumber: r.serialNumber,
        productClass: r.productClass,
      }));
      await tx.manageableDevice.deleteMany({ where: keep.length ? { gatewayId, NOT: keep } : { gatewayId } });
      for (const r of rows) {
        const key = { gatewayId, oui: r.oui, serialNumber: r.serialNumber, productClass: r.productClass };
        await tx.manageableDevice.upsert({
          where: { gatewayId_oui_serialNumber_productClass: key },
          create: { ...key, host: r.host, seenAt: now },
          update: { host: r.host, seenAt: now },
        });
      }
      for (const instance of removed) {
        await tx.$executeRawUnsafe(
          `UPDATE "Device" SET parameters = vantage_delete_prefix(parameters, $2), "informHash" = NULL WHERE id = $1`,
          gatewayId,
          instance,
        );
      }
    });
  }
  if (rejected > 0)
    logger("household").warn({ gatewayId, rejected }, "ManageableDevice rows with unusable values skipped");
  return { rows: rows.length, rejected, removedInstances: removed.length };
}

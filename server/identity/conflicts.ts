// Identity conflicts: a BOOTSTRAP in the name of a device that has confirmed its own ACS credentials,
// authenticated only with the shared ones. It is refused (nothing written, nothing sent) and listed
// here, one open conflict per device counting the attempts, until an operator decides: accept = the
// device was genuinely factory reset (its own credentials are forgotten, the next BOOTSTRAP with the
// shared ones is admitted and provisioned again); reject = someone else (credentials stay, refused).
import { AppError } from "../core/app-error";
import { recordAudit } from "../audit/service";
import { db } from "../db";
import { emitEvent } from "../events/outbox";
import type { IdentityConflictState } from "../generated/prisma/enums";
import { clearOwnCredentials } from "./credentials";

export interface ConflictAttempt {
  deviceId: number;
  reason: string;
  remoteAddress: string;
  eventCodes: readonly string[];
}

/** Open the device's conflict or count one more attempt on it (the partial unique index keeps one open). */
export async function recordConflict(attempt: ConflictAttempt): Promise<void> {
  const now = new Date().toISOString();
  await db().$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<{ id: number; opened: boolean }[]>`
    INSERT INTO "IdentityConflict" ("deviceId", "reason", "remoteAddress", "eventCodes", "firstAt", "lastAt")
    VALUES (${attempt.deviceId}, ${attempt.reason}, ${attempt.remoteAddress.slice(0, 100)},
      ${attempt.eventCodes.map((c) => c.slice(0, 64)).slice(0, 64)}::text[], ${now}::timestamp, ${now}::timestamp)
    ON CONFLICT ("deviceId") WHERE "state" = 'open' DO UPDATE SET
      "attempts" = LEAST("IdentityConflict"."attempts", 2147483646) + 1,
      "lastAt" = EXCLUDED."lastAt",
      "reason" = EXCLUDED."reason",
      "remoteAddress" = EXCLUDED."remoteAddress",
      "eventCodes" = EXCLUDED."eventCodes"
    RETURNING "id", (xmax = 0) AS opened`;
    // Integrators hear of a conflict when it opens, not at every repeated attempt.
    if (!row?.opened) return;
    const device = await tx.device.findUnique({
      where: { id: attempt.deviceId },
      select: { serialNumber: true, oui: true, productClass: true },
    });
    await emitEvent(tx, "device.identity_conflict", {
      conflictId: row.id,
      deviceId: attempt.deviceId,
      serial: device?.serialNumber,
      oui: device?.oui,
      productClass: device?.productClass,
      reason: attempt.reason,
    });
  });
}

const ROW = {
  id: true,
  deviceId: true,
  state: true,
  reason: true,
  remoteAddress: true,
  eventCodes: true,
  attempts: true,
  firstAt: true,
  lastAt: true,
  decidedBy: true,
  decidedAt: true,
  device: { select: { serialNumber: true, oui: true, productClass: true } },
} as const;

export interface ConflictRow {
  id: number;
  deviceId: number;
  serialNumber: string;
  oui: string;
  productClass: string;
  state: IdentityConflictState;
  reason: string;
  remoteAddress: string;
  eventCodes: string[];
  attempts: number;
  firstAt: Date;
  lastAt: Date;
  decidedBy: string | null;
  decidedAt: Date | null;
}

type Selected = {
  [K in Exclude<keyof typeof ROW, "device">]: ConflictRow[K];
} & { device: { serialNumber: string; oui: string; productClass: string } };

function toRow({ device, ...conflict }: Selected): ConflictRow {
  return { ...conflict, ...device };
}

const NEWEST = [{ lastAt: "desc" }, { id: "desc" }] as const;

/** The fleet list, newest attempt first; `cursor` is the id of the last row of the previous page. */
export async function listConflicts(query: {
  state?: IdentityConflictState;
  limit: number;
  cursor?: number;
}): Promise<{ items: ConflictRow[]; nextCursor: number | null }> {
  const rows = await db().identityConflict.findMany({
    where: query.state ? { state: query.state } : {},
    select: ROW,
    orderBy: [...NEWEST],
    take: query.limit + 1,
    ...(query.cursor !== undefined ? { cursor: { id: query.cursor }, skip: 1 } : {}),
  });
  const items = rows.slice(0, query.limit).map(toRow);
  return { items, nextCursor: rows.length > query.limit ? (items.at(-1)?.id ?? null) : null };
}

/** A device's conflicts (device page), newest first. */
export async function deviceConflicts(deviceId: number, limit = 20): Promise<ConflictRow[]> {
  const rows = await db().identityConflict.findMany({
    where: { deviceId },
    select: ROW,
    orderBy: [...NEWEST],
    take: limit,
  });
  return rows.map(toRow);
}

export type Decision = "accept" | "reject";

/** An operator's decision on an open conflict, with its audit row, in one transaction. */
export async function decideConflict(
  operator: { id: number; username: string },
  id: number,
  decision: Decision,
): Promise<ConflictRow> {
  return db().$transaction(async (tx) => {
    const decidedAt = new Date();
    // Only an open conflict changes (a concurrent decision finds it decided: count 0).
    const { count } = await tx.identityConflict.updateMany({
      where: { id, state: "open" },
      data: {
        state: decision === "accept" ? "accepted" : "rejected",
        decidedBy: operator.username,
        decidedAt,
      },
    });
    const conflict = await tx.identityConflict.findUnique({ where: { id }, select: ROW });
    if (!conflict) throw new AppError("not_found", `Identity conflict ${id} does not exist`);
    if (count === 0) throw new AppError("conflict", `Identity conflict ${id} is already ${conflict.state}`);
    // A genuine factory reset: the device lost its own credentials, so it may bootstrap with the
    // shared ones and be given new ones.
    if (decision === "accept") await clearOwnCredentials(tx, conflict.deviceId);
    await recordAudit(tx, {
      operatorId: operator.id,
      action: decision === "accept" ? "device.identity.accept" : "device.identity.reject",
      deviceId: conflict.deviceId,
      target: `identity-conflict:${id}`,
      before: { state: "open", attempts: conflict.attempts, remoteAddress: conflict.remoteAddress },
      after: {
        state: conflict.state,
        ownCredentials: decision === "accept" ? "cleared" : "kept",
      },
    });
    return toRow(conflict);
  });
}

// The audit log: every operator action writes one row, in the same transaction as the action itself.
import type { Prisma } from "../generated/prisma/client";
import { db } from "../db";
import { asJson } from "../json";

export interface AuditEntry {
  operatorId: number | null;
  /** dotted verb, e.g. "device.reboot", "task.cancel", "operator.create" */
  action: string;
  deviceId?: number | null;
  /** what was acted on, human readable (a parameter path, an operator name ...) */
  target?: string;
  before?: object | null;
  after?: object | null;
}

type Tx = Prisma.TransactionClient;

export async function recordAudit(tx: Tx, entry: AuditEntry): Promise<void> {
  await tx.auditLog.create({
    data: {
      operatorId: entry.operatorId,
      action: entry.action,
      deviceId: entry.deviceId ?? null,
      target: entry.target ?? "",
      before: entry.before ? asJson(entry.before) : undefined,
      after: entry.after ? asJson(entry.after) : undefined,
    },
  });
}

/** Run an action and its audit row in one transaction. */
export async function audited<T>(
  entry: AuditEntry | ((result: T) => AuditEntry),
  action: (tx: Tx) => Promise<T>,
): Promise<T> {
  return db().$transaction(async (tx) => {
    const result = await action(tx);
    await recordAudit(tx, typeof entry === "function" ? entry(result) : entry);
    return result;
  });
}

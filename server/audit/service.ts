// The audit log: every operator action writes one row, in the same transaction as the action itself.
import type { Prisma } from "../generated/prisma/client";
import { redactSecrets } from "../datamodel/secret-parameters";
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

/**
 * One audit row. A secret's value (a Wi-Fi key set by an operator, a password in a bulk job) is never
 * written: the row records that it changed, with REDACTED for the before and after values.
 */
export async function recordAudit(tx: Tx, entry: AuditEntry): Promise<void> {
  const before = entry.before ? redactSecrets(entry.before, entry.target) : null;
  const after = entry.after ? redactSecrets(entry.after, entry.target) : null;
  await tx.auditLog.create({
    data: {
      operatorId: entry.operatorId,
      action: entry.action,
      deviceId: entry.deviceId ?? null,
      target: entry.target ?? "",
      before: before ? asJson(before) : undefined,
      after: after ? asJson(after) : undefined,
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

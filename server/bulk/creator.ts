// A bulk job runs on its creator's authority, so the runner asks again before every step whether the
// creator may still run it: the operator exists, is enabled, and their role still holds every
// permission the job needed when it was created. A demoted or disabled creator's job stops: nothing
// more is started, and the reason is kept with the job, on its unstarted items and in the audit log.
import { recordAudit } from "../audit/service";
import type { Prisma } from "../generated/prisma/client";
import { missingPermissions } from "./actions";
import type { StoredParams } from "../../lib/bulk/schema";
import { asJson } from "../json";

type Tx = Prisma.TransactionClient;

/** BulkJob.createdBy of work Vantage starts itself (the column's default): no operator to re-check. */
export const SYSTEM_CREATOR = "system";

/** Why the creator may no longer run the job, or null when they still may. */
export async function creatorRefusal(
  tx: Tx,
  createdBy: string,
  params: StoredParams,
): Promise<string | null> {
  if (createdBy === SYSTEM_CREATOR) return null;
  const creator = await tx.operator.findUnique({
    where: { username: createdBy },
    select: { role: true, disabled: true },
  });
  if (!creator) return `its creator ${createdBy} no longer exists`;
  if (creator.disabled) return `its creator ${createdBy} is disabled`;
  const missing = missingPermissions(creator.role, params.action);
  if (missing.length === 0) return null;
  return `its creator ${createdBy} (now ${creator.role}) no longer has ${missing.join(", ")}`;
}

/**
 * Mark the job failed and cancel its unstarted items, in the step's transaction. finishedAt stays
 * empty until the devices already started have answered, so the runner still records their outcome.
 */
export async function stopJob(
  tx: Tx,
  job: { id: number; state: string },
  params: StoredParams,
  reason: string,
): Promise<string> {
  const message = `Stopped: ${reason}`;
  await tx.bulkJob.update({
    where: { id: job.id },
    data: { state: "failed", params: asJson({ ...params, stopReason: message }) },
  });
  const { count } = await tx.bulkJobItem.updateMany({
    where: { jobId: job.id, state: "pending" },
    data: { state: "cancelled", message, updatedAt: new Date() },
  });
  await recordAudit(tx, {
    operatorId: null,
    action: "bulk.stop",
    target: `bulk job #${job.id}`,
    before: { state: job.state },
    after: { state: "failed", reason: message, itemsCancelled: count },
  });
  return message;
}

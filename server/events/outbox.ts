// Domain events for integrators, written in the same transaction as the change they announce (an
// image published, a wave paused ...). The northbound webhooks deliver from this table; a change that
// rolls back leaves no event, an event is never announced for a change that did not happen.
import type { Prisma } from "../generated/prisma/client";
import { asJson } from "../json";

type Tx = Prisma.TransactionClient;

export const OUTBOX_EVENT_TYPES = [
  "device.registered",
  "device.bootstrap",
  "device.identity_conflict",
  "task.done",
  "task.failed",
  "alarm.raised",
  "alarm.cleared",
  "incident.opened",
  "image.published",
  "wave.started",
  "wave.stage_completed",
  "wave.paused",
  "wave.resumed",
  "wave.finished",
] as const;
export type OutboxEventType = (typeof OUTBOX_EVENT_TYPES)[number];

export async function emitEvent(tx: Tx, type: OutboxEventType, payload: object): Promise<void> {
  await tx.outboxEvent.create({ data: { type, payload: asJson(payload) } });
}

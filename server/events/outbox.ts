// Domain events for integrators, written in the same transaction as the change they announce (an
// image published, a wave paused ...). The northbound webhooks deliver from this table; a change that
// rolls back leaves no event, an event is never announced for a change that did not happen.
import type { Prisma } from "../generated/prisma/client";
import type { OutboxEventType } from "../../lib/webhooks/event-types";
import { asJson } from "../json";

type Tx = Prisma.TransactionClient;

// The list lives in lib/ (the console's subscription form shows it).
export { OUTBOX_EVENT_TYPES, type OutboxEventType } from "../../lib/webhooks/event-types";

export async function emitEvent(tx: Tx, type: OutboxEventType, payload: object): Promise<void> {
  await tx.outboxEvent.create({ data: { type, payload: asJson(payload) } });
}

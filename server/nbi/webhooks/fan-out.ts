// Fan-out: outbox events become one WebhookDelivery per subscription that subscribes to their type,
// and the subscription's cursor advances in the same transaction (the unique subscriptionId+eventId
// makes a repeat harmless). A subscription row is locked while it is fanned out (SKIP LOCKED: another
// ACS process takes the next one instead of waiting).
//
// Outbox ids come from a sequence, allocated at INSERT but visible at COMMIT: a transaction still open
// can commit a smaller id after a larger one was read. So a hole in the ids stops the cursor until the
// event after the hole is gapWaitMs old (a rolled-back change leaves a hole for ever; it is skipped then).
import { db } from "../../db";

export const FAN_OUT_BATCH = 500;

export interface FanOutOptions {
  now?: Date;
  /** How long a hole in the outbox ids holds the cursor (an open transaction may still fill it). */
  gapWaitMs?: number;
  /** Subscriptions fanned out per call. */
  maxSubscriptions?: number;
}

/** Fan out the next batch for each enabled subscription; the number of deliveries created. */
export async function fanOut(options: FanOutOptions = {}): Promise<number> {
  const now = options.now ?? new Date();
  const gapWaitMs = options.gapWaitMs ?? 60_000;
  const subscriptions = await db().webhookSubscription.findMany({
    where: { enabled: true },
    select: { id: true },
    orderBy: { id: "asc" },
    take: options.maxSubscriptions ?? 200,
  });
  let created = 0;
  for (const { id } of subscriptions) {
    created += await db().$transaction(async (tx) => {
      const [sub] = await tx.$queryRaw<{ cursor: bigint; events: string[] }[]>`
        SELECT "cursor", "events" FROM "WebhookSubscription"
         WHERE "id" = ${id} AND "enabled" FOR UPDATE SKIP LOCKED`;
      if (!sub) return 0;
      const events = await tx.outboxEvent.findMany({
        where: { id: { gt: sub.cursor } },
        orderBy: { id: "asc" },
        take: FAN_OUT_BATCH,
        select: { id: true, type: true, createdAt: true },
      });
      let cursor = sub.cursor;
      const wanted: { id: bigint; type: string }[] = [];
      for (const event of events) {
        const hole = event.id !== cursor + 1n;
        if (hole && now.getTime() - event.createdAt.getTime() < gapWaitMs) break;
        cursor = event.id;
        if (sub.events.includes(event.type)) wanted.push(event);
      }
      if (cursor === sub.cursor) return 0;
      const result = await tx.webhookDelivery.createMany({
        data: wanted.map((e) => ({
          subscriptionId: id,
          eventId: e.id,
          eventType: e.type,
          nextAttemptAt: now,
        })),
        skipDuplicates: true,
      });
      await tx.webhookSubscription.update({ where: { id }, data: { cursor } });
      return result.count;
    });
  }
  return created;
}

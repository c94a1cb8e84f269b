// A subscription's delivery log, a redelivery on demand, and a test event for one subscription.
import "server-only";
import type { Actor } from "../../core/actor";
import { AppError } from "../../core/app-error";
import { recordAudit } from "../../audit/service";
import { db } from "../../db";
import { TEST_EVENT_TYPE, type WebhookDeliveryRow } from "../../../lib/webhooks/schemas";

export const DELIVERY_PAGE = 50;

type DeliveryState = WebhookDeliveryRow["state"];
const asState = (s: string): DeliveryState => (s === "delivered" || s === "failed" ? s : "pending");

/** Newest first; `cursor` is the id of the last row of the previous page. */
export async function listDeliveries(
  subscriptionId: number,
  cursor?: string,
): Promise<{ items: WebhookDeliveryRow[]; nextCursor: string | null }> {
  const rows = await db().webhookDelivery.findMany({
    where: { subscriptionId, ...(cursor ? { id: { lt: BigInt(cursor) } } : {}) },
    orderBy: { id: "desc" },
    take: DELIVERY_PAGE + 1,
  });
  const page = rows.slice(0, DELIVERY_PAGE);
  return {
    items: page.map(({ subscriptionId: _s, ...r }) => ({
      ...r,
      id: r.id.toString(),
      eventId: r.eventId.toString(),
      state: asState(r.state),
    })),
    nextCursor: rows.length > DELIVERY_PAGE ? (page.at(-1)?.id.toString() ?? null) : null,
  };
}

/** Send a delivery again now (delivered or given up), with a fresh attempts budget. */
export async function redeliver(actor: Actor, deliveryId: string): Promise<void> {
  await db().$transaction(async (tx) => {
    const row = await tx.webhookDelivery.findUnique({
      where: { id: BigInt(deliveryId) },
      include: { subscription: { select: { name: true } } },
    });
    if (!row) throw new AppError("not_found", "No such delivery");
    const event = await tx.outboxEvent.findUnique({ where: { id: row.eventId }, select: { id: true } });
    if (!event) throw new AppError("conflict", "The event is no longer stored; it cannot be sent again");
    await tx.webhookDelivery.update({
      where: { id: row.id },
      data: { state: "pending", attempts: 0, nextAttemptAt: new Date(), createdAt: new Date() },
    });
    await recordAudit(tx, {
      operatorId: actor.id,
      action: "webhook.redeliver",
      target: `webhook:${row.subscription.name}`,
      after: { deliveryId, eventType: row.eventType },
    });
  });
}

/**
 * A `webhook.test` event delivered to this subscription only: written to the outbox like any event (so
 * it is sent, signed and logged the same way) but with a type no subscription lists, so fan-out never
 * gives it to another one; its delivery row is made here.
 */
export async function sendTestEvent(actor: Actor, subscriptionId: number): Promise<{ deliveryId: string }> {
  return db().$transaction(async (tx) => {
    const sub = await tx.webhookSubscription.findUnique({ where: { id: subscriptionId } });
    if (!sub) throw new AppError("not_found", "No such webhook subscription");
    const event = await tx.outboxEvent.create({
      data: { type: TEST_EVENT_TYPE, payload: { subscriptionId, name: sub.name, sentBy: actor.username } },
    });
    const delivery = await tx.webhookDelivery.create({
      data: { subscriptionId, eventId: event.id, eventType: TEST_EVENT_TYPE },
    });
    await recordAudit(tx, { operatorId: actor.id, action: "webhook.test", target: `webhook:${sub.name}` });
    return { deliveryId: delivery.id.toString() };
  });
}

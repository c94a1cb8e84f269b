// REST webhook subscriptions for integrators (webhooks.manage, admin): the console's services, unchanged.
// The secret appears only in the answers of create and rotate-secret, once.
import "server-only";
import { z } from "zod";
import {
  createWebhookInput,
  updateWebhookInput,
  webhookDeliverySchema,
  webhookSubscriptionSchema,
} from "../../../../lib/webhooks/schemas";
import { listDeliveries, redeliver, sendTestEvent } from "../../webhooks/deliveries";
import {
  createWebhook,
  deleteWebhook,
  listWebhooks,
  rotateWebhookSecret,
  updateWebhook,
} from "../../webhooks/subscriptions";
import { decodeCursor, encodeCursor, shielded } from "../pagination";
import { apiProcedure, createApiRouter } from "../trpc";
import { consoleBody, idPath } from "./paging";

const TAGS = ["webhooks"];
const manage = apiProcedure("webhooks.manage");

const subscriptionSchema = webhookSubscriptionSchema.meta({ id: "WebhookSubscription" });
const deliverySchema = webhookDeliverySchema.meta({ id: "WebhookDelivery" });
// At most 18 digits: always inside bigint (a 19-digit string may not be).
const deliveryKey = z.string().regex(/^\d{1,18}$/);
const ok = z.object({ ok: z.literal(true) });
const update = updateWebhookInput.shape;

function meta(method: "GET" | "POST" | "PATCH" | "DELETE", path: `/${string}`, summary: string) {
  return { openapi: { method, path, tags: TAGS, summary, protect: true } };
}

export const webhooksRoutes = createApiRouter({
  list: manage
    .meta(meta("GET", "/webhooks", "List webhook subscriptions (never their secrets)"))
    .input(z.object({}))
    .output(z.object({ items: z.array(subscriptionSchema) }))
    .query(async () => ({ items: await listWebhooks() })),

  create: manage
    .meta(meta("POST", "/webhooks", "Create a subscription; the signing secret is in this answer only"))
    .input(consoleBody(createWebhookInput))
    .output(z.object({ subscription: subscriptionSchema, secret: z.string() }))
    .mutation(({ ctx, input }) => createWebhook(ctx.principal.actor, input)),

  update: manage
    .meta(meta("PATCH", "/webhooks/{id}", "Change a subscription's name, URL, events or enabled flag"))
    .input(
      idPath.extend({
        name: shielded(update.name),
        url: shielded(update.url),
        events: shielded(update.events),
        enabled: shielded(update.enabled),
      }),
    )
    .output(subscriptionSchema)
    .mutation(({ ctx, input }) => updateWebhook(ctx.principal.actor, input)),

  delete: manage
    .meta(meta("DELETE", "/webhooks/{id}", "Delete a subscription and its delivery log"))
    .input(idPath)
    .output(ok)
    .mutation(async ({ ctx, input }) => {
      await deleteWebhook(ctx.principal.actor, input.id);
      return { ok: true as const };
    }),

  rotateSecret: manage
    .meta(meta("POST", "/webhooks/{id}/rotate-secret", "A new signing secret, in this answer only"))
    .input(idPath)
    .output(z.object({ secret: z.string() }))
    .mutation(({ ctx, input }) => rotateWebhookSecret(ctx.principal.actor, input.id)),

  deliveries: manage
    .meta(meta("GET", "/webhooks/{id}/deliveries", "A subscription's delivery log, newest first"))
    .input(
      idPath.extend({ cursor: z.string().max(200).optional().describe("The previous page's nextCursor") }),
    )
    .output(z.object({ items: z.array(deliverySchema), nextCursor: z.string().nullable() }))
    .query(async ({ input }) => {
      const page = await listDeliveries(input.id, decodeCursor(input.cursor, deliveryKey));
      return {
        items: page.items,
        nextCursor: page.nextCursor === null ? null : encodeCursor(page.nextCursor),
      };
    }),

  redeliver: manage
    .meta(meta("POST", "/webhooks/deliveries/{deliveryId}/redeliver", "Deliver a logged event again"))
    .input(z.object({ deliveryId: deliveryKey }))
    .output(ok)
    .mutation(async ({ ctx, input }) => {
      await redeliver(ctx.principal.actor, input.deliveryId);
      return { ok: true as const };
    }),

  sendTest: manage
    .meta(meta("POST", "/webhooks/{id}/test", "Queue a webhook.test event to this subscription only"))
    .input(idPath)
    .output(z.object({ deliveryId: z.string() }))
    .mutation(({ ctx, input }) => sendTestEvent(ctx.principal.actor, input.id)),
});

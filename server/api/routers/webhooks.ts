// Webhook subscriptions and their delivery logs (admin: webhooks.manage). Secrets appear only in the
// answers of create and rotateSecret, once.
import "server-only";
import { z } from "zod";
import { recordId } from "../../../lib/ids";
import { listDeliveries, redeliver, sendTestEvent } from "../../nbi/webhooks/deliveries";
import {
  createWebhookInput,
  updateWebhookInput,
  webhookDeliverySchema,
  webhookSubscriptionSchema,
} from "../../../lib/webhooks/schemas";
import {
  createWebhook,
  deleteWebhook,
  listWebhooks,
  rotateWebhookSecret,
  updateWebhook,
} from "../../nbi/webhooks/subscriptions";
import { createTRPCRouter, permissionProcedure } from "../trpc";

const manage = permissionProcedure("webhooks.manage");
const byId = z.object({ id: recordId });
// At most 18 digits: always inside bigint (a 19-digit string may not be).
const deliveryId = z.string().regex(/^\d{1,18}$/);

export const webhooksRouter = createTRPCRouter({
  list: manage
    .input(z.object({}).optional())
    .output(z.array(webhookSubscriptionSchema))
    .query(() => listWebhooks()),
  create: manage
    .input(createWebhookInput)
    .output(z.object({ subscription: webhookSubscriptionSchema, secret: z.string() }))
    .mutation(({ ctx, input }) => createWebhook(ctx.operator, input)),
  update: manage
    .input(updateWebhookInput)
    .output(webhookSubscriptionSchema)
    .mutation(({ ctx, input }) => updateWebhook(ctx.operator, input)),
  delete: manage
    .input(byId)
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await deleteWebhook(ctx.operator, input.id);
      return { ok: true as const };
    }),
  rotateSecret: manage
    .input(byId)
    .output(z.object({ secret: z.string() }))
    .mutation(({ ctx, input }) => rotateWebhookSecret(ctx.operator, input.id)),
  deliveries: manage
    .input(z.object({ subscriptionId: recordId, cursor: deliveryId.optional() }))
    .output(z.object({ items: z.array(webhookDeliverySchema), nextCursor: z.string().nullable() }))
    .query(({ input }) => listDeliveries(input.subscriptionId, input.cursor)),
  redeliver: manage
    .input(z.object({ deliveryId }))
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await redeliver(ctx.operator, input.deliveryId);
      return { ok: true as const };
    }),
  sendTest: manage
    .input(byId)
    .output(z.object({ deliveryId: z.string() }))
    .mutation(({ ctx, input }) => sendTestEvent(ctx.operator, input.id)),
});

// Webhook subscription inputs and outputs, shared by the services, the tRPC router and the console
// form (no server-only imports: the event list and the URL rule are checked in the browser too).
import { z } from "zod";
import { OUTBOX_EVENT_TYPES } from "./event-types";
import { recordId } from "../ids";

export const WEBHOOK_EVENT_TYPES = OUTBOX_EVENT_TYPES;
/** The event a "send test" delivers; no domain emits it, so no other subscription ever receives it. */
export const TEST_EVENT_TYPE = "webhook.test";

/** Why url cannot be a webhook target (scheme, credentials, port), or null. Addresses are checked at delivery. */
export function webhookUrlProblem(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return "not a URL";
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return "the URL must be http or https";
  if (url.username !== "" || url.password !== "")
    return "credentials in the URL are refused (the signature authenticates the sender)";
  if (url.hostname === "") return "the URL has no host";
  if (url.port !== "" && Number(url.port) < 1) return "the port must be 1-65535";
  if (url.hash !== "") return "the URL must not have a #fragment";
  // The URL parser normalised the host: a bracketed IPv6 literal, or letters, digits, dots and dashes.
  if (!/^\[[0-9a-f:.]+\]$/i.test(url.hostname) && !/^[a-z0-9.-]+$/i.test(url.hostname))
    return "the host name is not valid";
  return null;
}

export const webhookUrl = z
  .string()
  .trim()
  .max(2000)
  .superRefine((value, ctx) => {
    const problem = webhookUrlProblem(value);
    if (problem !== null) ctx.addIssue({ code: "custom", message: problem });
  });

export const webhookEvents = z
  .array(z.enum(OUTBOX_EVENT_TYPES))
  .min(1, "choose at least one event")
  .transform((events) => [...new Set(events)]);

export const createWebhookInput = z.object({
  name: z.string().trim().min(1).max(100),
  url: webhookUrl,
  events: webhookEvents,
});
export type CreateWebhookInput = z.infer<typeof createWebhookInput>;

export const updateWebhookInput = z.object({
  id: recordId,
  name: z.string().trim().min(1).max(100).optional(),
  url: webhookUrl.optional(),
  events: webhookEvents.optional(),
  enabled: z.boolean().optional(),
});
export type UpdateWebhookInput = z.infer<typeof updateWebhookInput>;

export const webhookSubscriptionSchema = z.object({
  id: z.number(),
  name: z.string(),
  url: z.string(),
  events: z.array(z.string()),
  enabled: z.boolean(),
  createdAt: z.date(),
  createdBy: z.string().nullable(),
  pending: z.number(),
  failed: z.number(),
});
export type WebhookSubscriptionSummary = z.infer<typeof webhookSubscriptionSchema>;

export const webhookDeliverySchema = z.object({
  id: z.string(),
  eventId: z.string(),
  eventType: z.string(),
  state: z.enum(["pending", "delivered", "failed"]),
  attempts: z.number(),
  nextAttemptAt: z.date(),
  lastAttemptAt: z.date().nullable(),
  lastStatus: z.number().nullable(),
  lastError: z.string().nullable(),
  durationMs: z.number().nullable(),
  deliveredAt: z.date().nullable(),
  createdAt: z.date(),
});
export type WebhookDeliveryRow = z.infer<typeof webhookDeliverySchema>;

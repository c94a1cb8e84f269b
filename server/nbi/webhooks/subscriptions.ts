// Webhook subscriptions: create (the signing secret shown once), list (never the secret), update,
// delete, rotate the secret (shown once). Each change and its audit row commit in one transaction; the
// secret is sealed with the secrets file and appears in no answer but create's and rotate's, in no
// audit row and no log. A new subscription starts at the newest outbox event: no backlog.
import "server-only";
import { randomBytes } from "node:crypto";
import type { Actor } from "../../core/actor";
import { AppError } from "../../core/app-error";
import { audited, recordAudit } from "../../audit/service";
import { db } from "../../db";
import type { Prisma } from "../../generated/prisma/client";
import { sealSecret } from "../../secrets-file";
import type {
  CreateWebhookInput,
  UpdateWebhookInput,
  WebhookSubscriptionSummary,
} from "../../../lib/webhooks/schemas";

type Tx = Prisma.TransactionClient;

export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64url")}`;
}

const snapshot = (s: { name: string; url: string; events: string[]; enabled: boolean }) => ({
  name: s.name,
  url: s.url,
  events: s.events,
  enabled: s.enabled,
});

export async function listWebhooks(): Promise<WebhookSubscriptionSummary[]> {
  const rows = await db().webhookSubscription.findMany({
    orderBy: { id: "asc" },
    select: {
      id: true,
      name: true,
      url: true,
      events: true,
      enabled: true,
      createdAt: true,
      createdBy: { select: { username: true } },
    },
  });
  const counts = await db().webhookDelivery.groupBy({
    by: ["subscriptionId", "state"],
    where: { state: { in: ["pending", "failed"] } },
    _count: { _all: true },
  });
  const count = (id: number, state: string) =>
    counts.find((c) => c.subscriptionId === id && c.state === state)?._count._all ?? 0;
  return rows.map(({ createdBy, ...r }) => ({
    ...r,
    createdBy: createdBy?.username ?? null,
    pending: count(r.id, "pending"),
    failed: count(r.id, "failed"),
  }));
}

async function summary(id: number): Promise<WebhookSubscriptionSummary> {
  const found = (await listWebhooks()).find((s) => s.id === id);
  if (!found) throw new AppError("not_found", "No such webhook subscription");
  return found;
}

/** The newest outbox event's id (0 when none): a new subscription's cursor. */
async function newestEventId(tx: Tx): Promise<bigint> {
  const newest = await tx.outboxEvent.findFirst({ orderBy: { id: "desc" }, select: { id: true } });
  return newest?.id ?? 0n;
}

export async function createWebhook(
  actor: Actor,
  input: CreateWebhookInput,
): Promise<{ subscription: WebhookSubscriptionSummary; secret: string }> {
  const secret = generateWebhookSecret();
  const created = await audited(
    (row: { name: string; url: string; events: string[]; enabled: boolean }) => ({
      operatorId: actor.id,
      action: "webhook.create",
      target: `webhook:${row.name}`,
      after: snapshot(row),
    }),
    async (tx) =>
      tx.webhookSubscription.create({
        data: {
          name: input.name,
          url: input.url,
          events: input.events,
          sealedSecret: sealSecret(secret),
          createdById: actor.id,
          cursor: await newestEventId(tx),
        },
      }),
  );
  return { subscription: await summary(created.id), secret };
}

async function existing(tx: Tx, id: number) {
  const row = await tx.webhookSubscription.findUnique({ where: { id } });
  if (!row) throw new AppError("not_found", "No such webhook subscription");
  return row;
}

export async function updateWebhook(
  actor: Actor,
  input: UpdateWebhookInput,
): Promise<WebhookSubscriptionSummary> {
  await db().$transaction(async (tx) => {
    const before = await existing(tx, input.id);
    const after = await tx.webhookSubscription.update({
      where: { id: input.id },
      data: { name: input.name, url: input.url, events: input.events, enabled: input.enabled },
    });
    await recordAudit(tx, {
      operatorId: actor.id,
      action: "webhook.update",
      target: `webhook:${after.name}`,
      before: snapshot(before),
      after: snapshot(after),
    });
  });
  return summary(input.id);
}

export async function deleteWebhook(actor: Actor, id: number): Promise<void> {
  await db().$transaction(async (tx) => {
    const before = await existing(tx, id);
    // Its deliveries go with it (cascade): the log of a subscription that no longer exists.
    await tx.webhookSubscription.delete({ where: { id } });
    await recordAudit(tx, {
      operatorId: actor.id,
      action: "webhook.delete",
      target: `webhook:${before.name}`,
      before: snapshot(before),
    });
  });
}

export async function rotateWebhookSecret(actor: Actor, id: number): Promise<{ secret: string }> {
  const secret = generateWebhookSecret();
  await db().$transaction(async (tx) => {
    const row = await existing(tx, id);
    await tx.webhookSubscription.update({ where: { id }, data: { sealedSecret: sealSecret(secret) } });
    await recordAudit(tx, {
      operatorId: actor.id,
      action: "webhook.rotate_secret",
      target: `webhook:${row.name}`,
    });
  });
  return { secret };
}

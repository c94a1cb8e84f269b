// Delivery: claim due pending deliveries (FOR UPDATE SKIP LOCKED, so several ACS processes share the
// work and never send one twice at once), POST each signed event, record the outcome. A claim is a
// lease: nextAttemptAt moves past the POST's deadline, so a process that dies mid-POST leaves the row
// due again later, never stuck. At most PER_SUBSCRIPTION rows of one subscription are claimed per
// round, and POSTs run a few at a time, each with its own deadline: a slow receiver never holds others.
import { settings } from "../../env";
import { db } from "../../db";
import { openSecret } from "../../secrets-file";
import { givenUp, retryDelayMs } from "./backoff";
import { postWebhook, type PostResult } from "./post";
import { DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, signWebhook } from "./sign";

export const POST_TIMEOUT_MS = 10_000;
const LEASE_MS = POST_TIMEOUT_MS + 50_000;
const PER_SUBSCRIPTION = 4;

export interface DeliverOptions {
  now?: Date;
  /** Rows claimed per round. */
  batch?: number;
  /** POSTs in flight at once. */
  concurrency?: number;
  timeoutMs?: number;
}

interface Claimed {
  id: bigint;
  subscriptionId: number;
  eventId: bigint;
  attempts: number;
  createdAt: Date;
}

/** One round: claim, send and record; the number of deliveries attempted. */
export async function deliverDue(options: DeliverOptions = {}): Promise<number> {
  const now = options.now ?? new Date();
  const claimed = await claim(now, options.batch ?? 32);
  const queue = [...claimed];
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) await attempt(next, now, options);
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 8, queue.length) }, worker));
  return claimed.length;
}

async function claim(now: Date, batch: number): Promise<Claimed[]> {
  const leaseUntil = new Date(now.getTime() + LEASE_MS);
  return db().$queryRaw<Claimed[]>`
    UPDATE "WebhookDelivery" d SET "nextAttemptAt" = ${leaseUntil}
     WHERE d."id" IN (
       SELECT c."id" FROM "WebhookDelivery" c WHERE c."id" IN (
         SELECT r."id" FROM (
           SELECT x."id", row_number() OVER (PARTITION BY x."subscriptionId" ORDER BY x."nextAttemptAt", x."id") AS n
             FROM "WebhookDelivery" x JOIN "WebhookSubscription" s ON s."id" = x."subscriptionId"
            WHERE x."state" = 'pending' AND x."nextAttemptAt" <= ${now} AND s."enabled") r
          WHERE r.n <= ${PER_SUBSCRIPTION} LIMIT ${batch})
       FOR UPDATE OF c SKIP LOCKED)
    RETURNING d."id", d."subscriptionId", d."eventId", d."attempts", d."createdAt"`;
}

/** The JSON body integrators receive for an outbox event. */
export function eventBody(event: { id: bigint; type: string; createdAt: Date; payload: unknown }): string {
  return JSON.stringify({
    id: event.id.toString(),
    type: event.type,
    createdAt: event.createdAt.toISOString(),
    data: event.payload,
  });
}

async function attempt(row: Claimed, now: Date, options: DeliverOptions): Promise<void> {
  const [subscription, event] = await Promise.all([
    db().webhookSubscription.findUnique({ where: { id: row.subscriptionId } }),
    db().outboxEvent.findUnique({ where: { id: row.eventId } }),
  ]);
  if (!subscription) return; // deleted meanwhile: its deliveries went with it
  let result: PostResult;
  if (!event) result = { ok: false, error: "the event is no longer stored", durationMs: 0 };
  else {
    const body = eventBody(event);
    let secret: string;
    try {
      secret = openSecret(subscription.sealedSecret);
    } catch {
      result = {
        ok: false,
        error: "the signing secret cannot be opened (secrets file changed?)",
        durationMs: 0,
      };
      return record(row, now, result, true);
    }
    result = await postWebhook({
      url: subscription.url,
      body,
      timeoutMs: options.timeoutMs ?? POST_TIMEOUT_MS,
      policy: { allowedNetworks: settings().CONNECTION_REQUEST_ALLOWED_NETWORKS },
      headers: {
        "Content-Type": "application/json",
        "User-Agent": "Vantage-Webhooks/1",
        [SIGNATURE_HEADER]: signWebhook(secret, body, Math.floor(Date.now() / 1000)),
        [EVENT_HEADER]: event.type,
        [DELIVERY_HEADER]: row.id.toString(),
      },
    });
  }
  await record(row, now, result, !event);
}

async function record(row: Claimed, now: Date, result: PostResult, final = false): Promise<void> {
  const attempts = row.attempts + 1;
  const common = {
    attempts,
    lastAttemptAt: now,
    lastStatus: result.status ?? null,
    durationMs: result.durationMs,
  };
  if (result.ok) {
    await db().webhookDelivery.updateMany({
      where: { id: row.id },
      data: { ...common, state: "delivered", lastError: null, deliveredAt: now },
    });
    return;
  }
  const failed = final || givenUp(attempts, row.createdAt, now);
  await db().webhookDelivery.updateMany({
    where: { id: row.id },
    data: {
      ...common,
      lastError: result.error.slice(0, 300),
      state: failed ? "failed" : "pending",
      nextAttemptAt: new Date(now.getTime() + (failed ? 0 : retryDelayMs(attempts))),
    },
  });
}

// The webhooks loop, on one node of a cluster at a time (singleton job, server/nbi/service.ts; safe on
// several): each tick fans new outbox events out into deliveries, then sends the due ones; now and then
// old outbox events every subscription has passed, and old finished deliveries, are deleted. All state
// is in the database, so processes can share the work and a restart (or another node) resumes.
import { startPollLoop } from "../../core/poll-loop";
import { db } from "../../db";
import { logger } from "../../logger";
import { deliverDue, type DeliverOptions } from "./deliver";
import { fanOut } from "./fan-out";
import { TEST_EVENT_TYPE } from "../../../lib/webhooks/schemas";

export interface WebhooksOptions extends DeliverOptions {
  pollMs?: number;
  gapWaitMs?: number;
  /** Outbox events are kept this long at least (and until every enabled subscription passed them). */
  retentionDays?: number;
}

const RETENTION_EVERY_MS = 10 * 60_000;
const RETENTION_BATCH = 1000;

export function startWebhooks(options: WebhooksOptions = {}): { stop(): Promise<void> } {
  const log = logger("webhooks");
  let lastRetention = 0;
  const loop = startPollLoop(
    options.pollMs ?? 1_000,
    async (stopped) => {
      await fanOut({ gapWaitMs: options.gapWaitMs });
      // A few rounds while work is due, bounded: the loop's next tick carries on.
      for (let round = 0; round < 5 && !stopped(); round++) {
        if ((await deliverDue(options)) === 0) break;
      }
      if (Date.now() - lastRetention > RETENTION_EVERY_MS) {
        lastRetention = Date.now();
        const days = options.retentionDays ?? 7;
        const deleted = await pruneOutbox(days);
        const logged = await pruneDeliveries(days);
        if (deleted + logged > 0)
          log.info({ deleted, logged }, "webhooks: old outbox events and deliveries deleted");
      }
    },
    (err) => log.warn({ err }, "webhooks tick failed"),
  );
  return { stop: () => loop.stop() };
}

/** Delete (in bounded batches) outbox events older than `days` that no delivery still needs. */
export async function pruneOutbox(days: number, now = new Date(), maxBatches = 10): Promise<number> {
  const before = new Date(now.getTime() - days * 86_400_000);
  const min = await db().webhookSubscription.aggregate({ where: { enabled: true }, _min: { cursor: true } });
  // With no enabled subscription nothing will read them; a test event is never fanned out.
  const passed = min._min.cursor;
  let deleted = 0;
  for (let i = 0; i < maxBatches; i++) {
    const n = await db().$executeRaw`
      DELETE FROM "OutboxEvent" WHERE "id" IN (
        SELECT e."id" FROM "OutboxEvent" e
         WHERE e."createdAt" < ${before}
           AND (${passed}::bigint IS NULL OR e."id" <= ${passed}::bigint OR e."type" = ${TEST_EVENT_TYPE})
           AND NOT EXISTS (SELECT 1 FROM "WebhookDelivery" d WHERE d."eventId" = e."id" AND d."state" = 'pending')
         ORDER BY e."id" LIMIT ${RETENTION_BATCH})`;
    deleted += n;
    if (n < RETENTION_BATCH) break;
  }
  return deleted;
}

/** Delete (in bounded batches) finished deliveries older than `days`: the log keeps the recent ones. */
export async function pruneDeliveries(days: number, now = new Date(), maxBatches = 10): Promise<number> {
  const before = new Date(now.getTime() - days * 86_400_000);
  let deleted = 0;
  for (let i = 0; i < maxBatches; i++) {
    const n = await db().$executeRaw`
      DELETE FROM "WebhookDelivery" WHERE "id" IN (
        SELECT "id" FROM "WebhookDelivery"
         WHERE "state" <> 'pending' AND "createdAt" < ${before}
         ORDER BY "id" LIMIT ${RETENTION_BATCH})`;
    deleted += n;
    if (n < RETENTION_BATCH) break;
  }
  return deleted;
}

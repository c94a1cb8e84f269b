// The audience store's background work: dirty days materialized into published cells every ~30 s,
// and hourly housekeeping (session partitions ahead, retention, expired pseudonym keys). Several
// processes may run it (days are locked one by one; retention is idempotent).
import { startPollLoop } from "../../core/poll-loop";
import { logger } from "../../logger";
import { materializeDirtyDays } from "./materialize";
import { applyAudienceRetention } from "./retention";

export interface AudienceStoreOptions {
  /** How often dirty days are materialized (default 30 s) */
  pollMs?: number;
  /** How often retention runs (default hourly) */
  housekeepingMs?: number;
}

/** Batches per tick: bounded, so one tick never runs for ever behind a flood of marks. */
const ROUNDS = 10;
const BATCH = 50;

export function startAudienceStore(options: AudienceStoreOptions = {}): { stop(): Promise<void> } {
  const log = logger("audience-store");
  const housekeepingMs = options.housekeepingMs ?? 3_600_000;
  let lastHousekeeping = 0;
  const tick = async (stopped: () => boolean) => {
    if (Date.now() - lastHousekeeping >= housekeepingMs) {
      const r = await applyAudienceRetention();
      if (r.dropped.length > 0 || r.keysDropped.length > 0)
        log.info({ dropped: r.dropped, keysDropped: r.keysDropped }, "audience sessions and keys expired");
      lastHousekeeping = Date.now();
    }
    for (let round = 0; round < ROUNDS && !stopped(); round++) {
      const r = await materializeDirtyDays(new Date(), { limit: BATCH, stopped });
      // Fewer than a batch: every mark was seen. Days another process holds are left to it.
      if (r.recomputed + r.expired + r.busy < BATCH || r.recomputed + r.expired === 0) break;
    }
  };
  const loop = startPollLoop(options.pollMs ?? 30_000, tick, (err) =>
    log.warn({ err }, "audience store tick failed"),
  );
  // Session partitions for today exist from the start, not only after the first poll.
  void loop.tick().catch((err: unknown) => log.warn({ err }, "audience store first tick failed"));
  return { stop: () => loop.stop() };
}

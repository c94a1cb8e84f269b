// This node's LISTEN on vantage_task_queued (./queued-signals.ts): a connection of its own, outside the
// pool, straight to PostgreSQL (DIRECT_DATABASE_URL past a transaction-mode pgbouncer, which cannot
// keep a LISTEN). It is trusted only once its own probe (a NOTIFY it sends itself) has come back, and
// again every PROBE_MS; a probe that does not return in PROBE_TIMEOUT_MS, an error or a closed
// connection makes it untrusted until it reconnects and a probe returns. Until then sessions claim at
// their empty POST as they always did.
import pg from "pg";
import { logger } from "../logger";
import { queuedSignals } from "./queued-signals";

export const QUEUED_CHANNEL = "vantage_task_queued";
const PROBE_PREFIX = "probe:";
const PROBE_MS = 15_000;
const PROBE_TIMEOUT_MS = 5_000;
const RECONNECT_MIN_MS = 1_000;
const RECONNECT_MAX_MS = 30_000;

export interface QueuedListener {
  close(): Promise<void>;
}

export function startQueuedListener(url: string, signals = queuedSignals()): QueuedListener {
  const log = logger("queued-signals");
  let client: pg.Client | undefined;
  let closed = false;
  let retryMs = RECONNECT_MIN_MS;
  let probeTimer: NodeJS.Timeout | undefined;
  let probeDeadline: NodeJS.Timeout | undefined;
  let reconnectTimer: NodeJS.Timeout | undefined;
  let probeSeq = 0;
  let awaiting: string | undefined;
  const sweep = setInterval(() => signals.forget(), 5_000);
  sweep.unref();

  const drop = (reason: string, err?: unknown): void => {
    if (signals.isListening)
      log.warn({ err, reason }, "task-queued listener not delivering; sessions claim as usual");
    signals.lost();
    clearTimeout(probeTimer);
    clearTimeout(probeDeadline);
    awaiting = undefined;
    const old = client;
    client = undefined;
    old?.removeAllListeners("notification");
    old?.end().catch(() => undefined);
    if (closed) return;
    clearTimeout(reconnectTimer);
    reconnectTimer = setTimeout(() => void connect(), retryMs);
    reconnectTimer.unref();
    retryMs = Math.min(RECONNECT_MAX_MS, retryMs * 2);
  };

  const probe = (): void => {
    const c = client;
    if (!c || closed) return;
    awaiting = `${PROBE_PREFIX}${process.pid}:${++probeSeq}`;
    probeDeadline = setTimeout(() => drop("probe did not come back"), PROBE_TIMEOUT_MS);
    probeDeadline.unref();
    c.query("SELECT pg_notify($1, $2)", [QUEUED_CHANNEL, awaiting]).catch((err: unknown) =>
      drop("probe failed", err),
    );
  };

  const onNotification = (message: pg.Notification): void => {
    const payload = message.payload ?? "";
    if (payload.startsWith(PROBE_PREFIX)) {
      if (payload !== awaiting) return; // another node's probe
      awaiting = undefined;
      clearTimeout(probeDeadline);
      retryMs = RECONNECT_MIN_MS;
      signals.delivering();
      probeTimer = setTimeout(probe, PROBE_MS);
      probeTimer.unref();
      return;
    }
    const deviceId = Number(payload);
    if (Number.isSafeInteger(deviceId) && deviceId > 0) signals.signal(deviceId);
  };

  async function connect(): Promise<void> {
    if (closed) return;
    const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
    c.on("error", (err) => {
      if (client === c) drop("connection error", err);
    });
    c.on("end", () => {
      if (client === c) drop("connection ended");
    });
    c.on("notification", onNotification);
    client = c;
    try {
      await c.connect();
      // A database restored without the trigger (migration task_queued_notify) announces nothing.
      const trigger = await c.query(`SELECT 1 FROM pg_trigger WHERE tgname = 'Task_queued_notify'`);
      if (trigger.rowCount === 0) throw new Error("trigger Task_queued_notify is missing");
      await c.query(`LISTEN ${QUEUED_CHANNEL}`);
      probe();
    } catch (err) {
      if (client === c) drop("could not listen", err);
    }
  }

  void connect();
  return {
    async close() {
      closed = true;
      clearInterval(sweep);
      clearTimeout(reconnectTimer);
      const c = client;
      drop("closed");
      await c?.end().catch(() => undefined);
    },
  };
}

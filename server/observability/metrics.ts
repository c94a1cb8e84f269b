// (No "server-only": the custom server loads this module outside Next, where that import throws.)
// The process's Prometheus metrics: one registry with prom-client's default process metrics (event-loop
// lag, heap, GC, CPU) and Vantage's own families. Kept in a process slot: the custom server counts CWMP
// sessions while the Next.js bundle (its own copy of this module) serves /metrics, and both must see
// the same registry. Labels are bounded sets (outcomes, states, HTTP statuses, wave ids of active waves):
// never a device id, serial, URL or anything secret.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import { processSlot } from "../core/process-slot";
import {
  collectDatabasePool,
  collectRetrySchedule,
  collectTaskSignals,
  collectTasks,
  collectWaves,
} from "./collectors";

const SECONDS_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const SESSION_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

function create() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "vantage_" });
  const registers = [registry];
  return {
    registry,
    cwmpSessions: new Counter({
      name: "vantage_cwmp_sessions_total",
      help: "CWMP sessions ended, by outcome (completed, failed, refused)",
      labelNames: ["outcome"] as const,
      registers,
    }),
    cwmpSessionDuration: new Histogram({
      name: "vantage_cwmp_session_duration_seconds",
      help: "CWMP session duration from the Inform to its end, by outcome",
      labelNames: ["outcome"] as const,
      buckets: SESSION_BUCKETS,
      registers,
    }),
    cwmpRequestDuration: new Histogram({
      name: "vantage_cwmp_request_duration_seconds",
      help: "Latency of HTTP requests on the CWMP listener, by response status",
      labelNames: ["status"] as const,
      buckets: SECONDS_BUCKETS,
      registers,
    }),
    cwmpRefusals: new Counter({
      name: "vantage_cwmp_refusals_total",
      help: "CWMP requests answered 503 (node at its session limit, device locked elsewhere, ACS draining, database unavailable)",
      registers,
    }),
    cwmpRetrySchedule: new Gauge({
      name: "vantage_cwmp_retry_schedule_seconds",
      help: "How far ahead this node's retry schedule for refused Informs runs (a boot storm's backlog; 0 when none)",
      registers,
      collect: collectRetrySchedule,
    }),
    connectionRequests: new Counter({
      name: "vantage_connection_requests_total",
      help: "Connection requests (wake-ups) by outcome (accepted, failed, refused, skipped)",
      labelNames: ["outcome"] as const,
      registers,
    }),
    stunRequests: new Counter({
      name: "vantage_stun_requests_total",
      help: "STUN datagrams by outcome (answered, unauthorized, unknown-attribute, malformed, ignored, amplification-dropped, rate-limited)",
      labelNames: ["outcome"] as const,
      registers,
    }),
    stunBindingChanges: new Counter({
      name: "vantage_stun_binding_changes_total",
      help: "STUN bindings whose public address/port changed (or that carried BINDING-CHANGE)",
      registers,
    }),
    udpConnectionRequests: new Counter({
      name: "vantage_udp_connection_requests_total",
      help: "UDP connection requests (TR-069 Annex G) by outcome (sent, answered, refused, failed)",
      labelNames: ["outcome"] as const,
      registers,
    }),
    udpConnectionRequestLatency: new Histogram({
      name: "vantage_udp_connection_request_latency_seconds",
      help: "From a UDP connection request to the device's 6 CONNECTION REQUEST Inform",
      buckets: SECONDS_BUCKETS,
      registers,
    }),
    bulkdataReports: new Counter({
      name: "vantage_bulkdata_reports_total",
      help: "BulkData collector POSTs by outcome (accepted, refused)",
      labelNames: ["outcome"] as const,
      registers,
    }),
    ingestRows: new Counter({
      name: "vantage_ingest_interval_rows_total",
      help: "Monitoring interval rows stored, by kind (stream, line) and source",
      labelNames: ["kind", "source"] as const,
      registers,
    }),
    apiRequests: new Counter({
      name: "vantage_api_requests_total",
      help: "Northbound REST API requests by HTTP status",
      labelNames: ["status"] as const,
      registers,
    }),
    apiRequestDuration: new Histogram({
      name: "vantage_api_request_duration_seconds",
      help: "Northbound REST API request latency",
      buckets: SECONDS_BUCKETS,
      registers,
    }),
    tasks: new Gauge({
      name: "vantage_tasks",
      help: "Tasks in the queue by state (refreshed at most every 10 s)",
      labelNames: ["state"] as const,
      registers,
      collect: collectTasks,
    }),
    waves: new Gauge({
      name: "vantage_wave_devices",
      help: "Devices of each running or paused wave: targets, done (verified), failed (refreshed at most every 10 s)",
      labelNames: ["wave", "status"] as const,
      registers,
      collect: collectWaves,
    }),
    taskSignals: new Gauge({
      name: "vantage_task_signals_listening",
      help: "1 while this node hears task-queued notifications: periodic sessions with no work skip their claim",
      registers,
      collect: collectTaskSignals,
    }),
    dbPool: new Gauge({
      name: "vantage_db_pool_connections",
      help: "Database pool connections: total, idle, and clients waiting for one",
      labelNames: ["kind"] as const,
      registers,
      collect: collectDatabasePool,
    }),
  };
}

export type Metrics = ReturnType<typeof create>;

const slot = processSlot<{ metrics: Metrics }>("metrics");

/** The process's metrics, created (and the default collectors started) on first use. */
export function metrics(): Metrics {
  return (slot.metrics ??= create());
}

/**
 * Count one northbound REST API request (for the REST layer: call it once per answered request with
 * the HTTP status it got and how long it took, in ms).
 */
export function observeApiRequest(status: number, ms: number): void {
  const m = metrics();
  m.apiRequests.inc({ status: String(status) });
  m.apiRequestDuration.observe(ms / 1000);
}

export type ConnectionRequestOutcome = "accepted" | "failed" | "refused" | "skipped";

export function observeConnectionRequest(outcome: ConnectionRequestOutcome): void {
  metrics().connectionRequests.inc({ outcome });
}

export type StunRequestOutcome =
  | "answered"
  | "unauthorized"
  | "unknown-attribute"
  | "malformed"
  | "ignored"
  | "amplification-dropped"
  | "rate-limited";

export function observeStunRequest(outcome: StunRequestOutcome): void {
  metrics().stunRequests.inc({ outcome });
}

export function observeStunBindingChange(): void {
  metrics().stunBindingChanges.inc();
}

export type UdpConnectionRequestOutcome = "sent" | "answered" | "refused" | "failed";

/** latencyMs: for "answered", the time from the request to the device's Inform. */
export function observeUdpConnectionRequest(outcome: UdpConnectionRequestOutcome, latencyMs?: number): void {
  const m = metrics();
  m.udpConnectionRequests.inc({ outcome });
  if (latencyMs !== undefined) m.udpConnectionRequestLatency.observe(latencyMs / 1000);
}

export function observeBulkdataReport(outcome: "accepted" | "refused"): void {
  metrics().bulkdataReports.inc({ outcome });
}

export function observeIngestRows(source: string, streams: number, lines: number): void {
  const m = metrics();
  if (streams > 0) m.ingestRows.inc({ kind: "stream", source }, streams);
  if (lines > 0) m.ingestRows.inc({ kind: "line", source }, lines);
}

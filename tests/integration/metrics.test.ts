// GET /metrics against a real server after real traffic: a scripted CPE session, a connection request,
// BulkData reports, a wave in progress. The answer parses as Prometheus text, holds every family, never
// names a device in a label, and with METRICS_REQUIRE_TOKEN answers only an API token with monitoring.read.
import parsePrometheusTextFormat, { type PrometheusFamily } from "parse-prometheus-text-format";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { digestAuthorization, parseAuthorization } from "../../server/cwmp/transport/digest";
import { db } from "../../server/db";
import { settings } from "../../server/env";
import { bulkdataPasswordFor } from "../../server/monitoring/bulkdata";
import { createApiToken, revokeApiToken } from "../../server/nbi/tokens/service";
import { metricsResponse } from "../../server/observability/endpoint";
import { observeApiRequest } from "../../server/observability/metrics";
import { queueTask } from "../../server/tasks/service";
import { addTestImage } from "../support/firmware";
import { ScriptedCpe, answerProvisioning, makeInform } from "../support/scripted-cpe";
import { startTestServer, waitFor, type TestServer } from "../support/test-server";

let server: TestServer;
const SERIAL = "METRICS-SERIAL-7Q";

beforeAll(async () => {
  server = await startTestServer({ CWMP_PROVISION_CR_CREDENTIALS: "true" });
}, 60_000);
let closed = false;
afterAll(async () => {
  if (!closed) await server?.close();
});

const scrape = (authorization?: string, requestId?: string) =>
  metricsResponse(
    new Request("http://127.0.0.1/metrics", {
      headers: {
        ...(authorization ? { Authorization: authorization } : {}),
        ...(requestId ? { "X-Request-Id": requestId } : {}),
      },
    }),
  );

function family(families: PrometheusFamily[], name: string): PrometheusFamily {
  const found = families.find((f) => f.name === name);
  if (!found) throw new Error(`no family ${name}`);
  return found;
}

/** `<name>_count{<labels>} n` of a histogram, from the text itself. */
function histogramCount(text: string, name: string, labels: string): number {
  const line = text.split("\n").find((l) => l.startsWith(`${name}_count{${labels}}`));
  return line ? Number(line.split(" ").at(-1)) : Number.NaN;
}

const valueOf = (f: PrometheusFamily, labels: Record<string, string>) =>
  Number(f.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v))?.value);

const SVC = "Device.Services.STBService.1.";
const MS = `${SVC}ServiceMonitoring.MainStream.1.`;

function jsonReport(): string {
  const end = Math.floor(Date.now() / 300_000) * 300_000 - 300_000;
  return JSON.stringify({
    Report: [
      {
        CollectionTime: end,
        [`${SVC}ServiceMonitoring.SampleInterval`]: 300,
        [`${SVC}ServiceMonitoring.ReportEndTime`]: new Date(end).toISOString(),
        [`${MS}Sample.SampleSeconds`]: "300,300",
        [`${MS}Sample.RTPStats.PacketsExpected`]: "120000,120000",
        [`${MS}Sample.RTPStats.PacketsLost`]: "0,2",
        "Device.DeviceInfo.UpTime": 86_400,
      },
    ],
  });
}

/** POST a report with the device's Digest credentials; the collector's status. */
async function postReport(body: string, contentType: string): Promise<number> {
  const url = server.collectorUrl;
  const send = (authorization?: string) =>
    fetch(url, {
      method: "POST",
      body,
      headers: { "Content-Type": contentType, ...(authorization ? { Authorization: authorization } : {}) },
    });
  const first = await send();
  const challenge = parseAuthorization(first.headers.get("www-authenticate") ?? "");
  if (challenge?.scheme !== "Digest") throw new Error("no Digest challenge");
  const password = await bulkdataPasswordFor({
    oui: "00D09E",
    serialNumber: SERIAL,
  });
  const uri = new URL(url).pathname;
  const auth = { username: SERIAL, password, method: "POST", uri, challenge: challenge.params };
  return (await send(digestAuthorization(auth))).status;
}

describe("GET /metrics", () => {
  let deviceId = 0;

  beforeAll(async () => {
    // One real session: Inform, first-contact provisioning, 204.
    const cpe = new ScriptedCpe(server.cwmpUrl);
    expect((await cpe.inform(makeInform(SERIAL, ["0 BOOTSTRAP", "1 BOOT"]))).status).toBe(200);
    expect((await answerProvisioning(cpe)).status).toBe(204);
    cpe.close();
    const device = await db().device.findFirstOrThrow({ where: { serialNumber: SERIAL } });
    deviceId = device.id;
    // A wave in progress with the device verified (before the first scrape: gauges are cached 10 s).
    const image = await addTestImage({ version: "9.9.9", productClasses: ["IPTV-STB"] });
    const wave = await db().wave.create({
      data: { name: "Metrics wave", imageId: image.id, selection: {}, plan: {}, state: "paused", total: 1 },
    });
    await db().waveDevice.create({
      data: { waveId: wave.id, deviceId, stage: 0, position: 0, state: "verified" },
    });
    // A queued task wakes the device: its connection-request URL (loopback port 9) refuses the call.
    await queueTask(deviceId, { name: "Reboot", commandKey: "m1" });
    await waitFor(async () =>
      (await (await scrape()).text()).includes('connection_requests_total{outcome="failed"}'),
    );
    // Another ACS process holds the device's lock: its next Inform is refused with 503.
    await db().device.update({
      where: { id: deviceId },
      data: {
        sessionId: "f".repeat(32),
        sessionOwner: "another-node",
        sessionExpires: new Date(Date.now() + 60_000),
      },
    });
    const again = new ScriptedCpe(server.cwmpUrl);
    expect((await again.inform(makeInform(SERIAL, ["2 PERIODIC"]))).status).toBe(503);
    again.close();
    // BulkData: one report stored (two interval rows), one refused (not JSON).
    expect(await postReport(jsonReport(), "application/json")).toBe(204);
    expect(await postReport("{", "application/json")).toBe(400);
    // What the REST layer reports for each answered request.
    observeApiRequest(200, 12);
  }, 60_000);

  it("parses as Prometheus text and holds every family after real traffic", async () => {
    const { families, text } = await waitFor(async () => {
      const res = await scrape();
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
      const body = await res.text();
      const parsed = parsePrometheusTextFormat(body);
      const cr = parsed.find((f) => f.name === "vantage_connection_requests_total");
      return cr && cr.metrics.length > 0 ? { families: parsed, text: body } : undefined;
    });
    const sessions = family(families, "vantage_cwmp_sessions_total");
    expect(sessions.type).toBe("COUNTER");
    expect(valueOf(sessions, { outcome: "completed" })).toBeGreaterThanOrEqual(1);
    // The parser merges a labelled histogram's series (and drops their counts): read those lines.
    expect(family(families, "vantage_cwmp_session_duration_seconds").type).toBe("HISTOGRAM");
    expect(
      histogramCount(text, "vantage_cwmp_session_duration_seconds", 'outcome="completed"'),
    ).toBeGreaterThanOrEqual(1);
    expect(family(families, "vantage_cwmp_request_duration_seconds").type).toBe("HISTOGRAM");
    // Inform and provisioning RPCs (200), the final empty POST (204).
    expect(
      histogramCount(text, "vantage_cwmp_request_duration_seconds", 'status="204"'),
    ).toBeGreaterThanOrEqual(1);
    expect(
      histogramCount(text, "vantage_cwmp_request_duration_seconds", 'status="200"'),
    ).toBeGreaterThanOrEqual(2);
    expect(valueOf(family(families, "vantage_cwmp_refusals_total"), {})).toBe(1);
    expect(valueOf(sessions, { outcome: "refused" })).toBe(1);
    expect(histogramCount(text, "vantage_cwmp_request_duration_seconds", 'status="503"')).toBe(1);
    const cr = family(families, "vantage_connection_requests_total");
    expect(valueOf(cr, { outcome: "failed" })).toBeGreaterThanOrEqual(1);
    const tasks = family(families, "vantage_tasks");
    expect(tasks.type).toBe("GAUGE");
    expect(valueOf(tasks, { state: "done" })).toBeGreaterThanOrEqual(1);
    const waves = family(families, "vantage_wave_devices");
    expect(waves.metrics.map((m) => [m.labels?.status, Number(m.value)]).sort()).toEqual([
      ["done", 1],
      ["failed", 0],
      ["targets", 1],
    ]);
    const pool = family(families, "vantage_db_pool_connections");
    expect(valueOf(pool, { kind: "total" })).toBeGreaterThanOrEqual(1);
    // No boot storm here: nothing scheduled ahead.
    expect(valueOf(family(families, "vantage_cwmp_retry_schedule_seconds"), {})).toBe(0);
    expect(valueOf(family(families, "vantage_api_requests_total"), { status: "200" })).toBeGreaterThanOrEqual(
      1,
    );
    family(families, "vantage_api_request_duration_seconds");
    const reports = family(families, "vantage_bulkdata_reports_total");
    expect(valueOf(reports, { outcome: "accepted" })).toBe(1);
    expect(valueOf(reports, { outcome: "refused" })).toBe(1);
    const rows = family(families, "vantage_ingest_interval_rows_total");
    expect(valueOf(rows, { kind: "stream", source: "bulkdata" })).toBe(2);
    // prom-client's defaults, prefixed: event-loop lag, heap, CPU.
    for (const name of [
      "vantage_nodejs_eventloop_lag_seconds",
      "vantage_nodejs_heap_size_used_bytes",
      "vantage_process_cpu_user_seconds_total",
    ])
      family(families, name);
  });

  it("never names a device in a label", async () => {
    const text = await (await scrape()).text();
    expect(text).not.toContain(SERIAL);
    const labelValues = parsePrometheusTextFormat(text).flatMap((f) =>
      f.metrics.flatMap((m) => Object.values(m.labels ?? {})),
    );
    expect(labelValues.length).toBeGreaterThan(10);
    for (const v of labelValues) {
      expect(v).not.toContain(SERIAL);
      expect(v).not.toMatch(/00D09E|IPTV-STB|http|127\.0\.0\.1/);
    }
  });

  it("echoes a sane X-Request-Id and replaces an unsafe one", async () => {
    expect((await scrape(undefined, "oss-run-42")).headers.get("x-request-id")).toBe("oss-run-42");
    const replaced = (await scrape(undefined, "a".repeat(65))).headers.get("x-request-id");
    expect(replaced).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe("METRICS_REQUIRE_TOKEN", () => {
  const admin = async () => {
    const row = await db().operator.findFirstOrThrow({ where: { role: "admin", kind: "human" } });
    return { id: row.id, username: row.username, role: row.role };
  };

  beforeAll(() => {
    Object.assign(settings(), { METRICS_REQUIRE_TOKEN: true });
  });
  afterAll(() => {
    Object.assign(settings(), { METRICS_REQUIRE_TOKEN: false });
  });

  it("answers 401 without a valid token, 403 without monitoring.read, 200 with it", async () => {
    const none = await scrape();
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toBe("Bearer");
    const body = (await none.json()) as { error: { code: string; requestId: string } };
    expect(body.error.code).toBe("unauthorized");
    expect(body.error.requestId).toBe(none.headers.get("x-request-id"));
    expect((await scrape("Bearer vtk_not-a-real-token")).status).toBe(401);

    const actor = await admin();
    const noc = await createApiToken(actor, {
      name: "prometheus",
      role: "noc",
      expiresInDays: null,
      rateLimit: 100,
    });
    const viewer = await createApiToken(actor, {
      name: "viewer",
      role: "viewer",
      expiresInDays: 1,
      rateLimit: 100,
    });
    expect((await scrape(`Bearer ${viewer.token}`)).status).toBe(403);
    const ok = await scrape(`Bearer ${noc.token}`);
    expect(ok.status).toBe(200);
    expect(parsePrometheusTextFormat(await ok.text()).length).toBeGreaterThan(10);

    await revokeApiToken(actor, noc.apiToken.id);
    expect((await scrape(`Bearer ${noc.token}`)).status).toBe(401);
  });
});

describe("without a database", () => {
  it("still answers, with the database-backed families empty", async () => {
    closed = true;
    await server.close();
    // Past the gauges' 10 s cache, so the tasks and waves queries run (and fail) again.
    const later = Date.now() + 11_000;
    const realNow = Date.now;
    Date.now = () => later;
    try {
      const res = await scrape();
      expect(res.status).toBe(200);
      const families = parsePrometheusTextFormat(await res.text());
      for (const name of ["vantage_tasks", "vantage_wave_devices", "vantage_db_pool_connections"])
        expect(family(families, name).metrics).toEqual([]);
      expect(
        valueOf(family(families, "vantage_cwmp_sessions_total"), { outcome: "completed" }),
      ).toBeGreaterThanOrEqual(1);
    } finally {
      Date.now = realNow;
    }
  });
});

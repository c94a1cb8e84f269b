import http from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { digestChallenge, ha1, parseAuthorization, verifyDigest } from "../../server/cwmp/transport/digest";
import { SimDevice } from "../device";
import { planFleet } from "../fleet-plan";
import { BulkDataClient } from "./bulkdata";
import { EMPTY_SCENARIO } from "./scenario";
import { worldOf } from "./world";

interface Received {
  method: string;
  url: URL;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A loopback collector: Digest auth (user = serial, password "pw"), answers `status()` once in. */
async function collector(status: () => number = () => 204) {
  const got: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const auth = parseAuthorization(req.headers.authorization);
      const ok =
        auth?.scheme === "Digest" &&
        verifyDigest(auth.params, req.method!, ha1(auth.params.username!, "bd", "pw"));
      if (!ok) {
        res.writeHead(401, { "www-authenticate": digestChallenge("bd", `n${Date.now()}`) }).end();
        return;
      }
      let raw = Buffer.concat(chunks);
      if (req.headers["content-encoding"] === "gzip") raw = gunzipSync(raw);
      got.push({
        method: req.method!,
        url: new URL(req.url!, "http://x"),
        headers: req.headers,
        body: raw.toString(),
      });
      res.writeHead(status()).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/bulkdata`;
  return { got, url, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const plan = planFleet({ devices: 30, seed: 8 });
const world = worldOf(plan);
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

function stb(): SimDevice {
  const identity = plan.find((d) => d.kind === "stb" && d.vendor.bulkData)!;
  const d = new SimDevice(identity, {
    acsUrl: "http://127.0.0.1:1/",
    username: "",
    password: "",
    periodicInterval: 300,
    household: plan.filter((p) => p.gatewaySerial === identity.gatewaySerial),
    connectionRequestBase: "http://127.0.0.1:1/cr/",
    timeScale: 1,
    monitoring: { world, scenario: EMPTY_SCENARIO },
  });
  d.tree.params.get("Device.BulkData.MinReportingInterval")!.value = "1";
  return d;
}

/** What an ACS does with SetParameterValues / AddObject on the profile table. */
function profile(d: SimDevice, url: string, values: Record<string, string | number>, refs: string[]): string {
  const t = d.tree;
  const n = t.addInstance("Device.BulkData.Profile.");
  const p = `Device.BulkData.Profile.${n}.`;
  const set = (name: string, v: string | number) => {
    expect(t.params.has(p + name), name).toBe(true);
    t.params.get(p + name)!.value = String(v);
  };
  set("Enable", "true");
  set("Protocol", "HTTP");
  set("EncodingType", "JSON");
  set("ReportingInterval", 1);
  set("HTTP.URL", url);
  set("HTTP.Username", d.serial);
  set("HTTP.Password", "pw");
  for (const [k, v] of Object.entries(values)) set(k, v);
  for (const ref of refs) {
    const i = t.addInstance(`${p}Parameter.`);
    t.params.get(`${p}Parameter.${i}.Reference`)!.value = ref;
  }
  const q = t.addInstance(`${p}HTTP.RequestURIParameter.`);
  t.params.get(`${p}HTTP.RequestURIParameter.${q}.Name`)!.value = "sn";
  t.params.get(`${p}HTTP.RequestURIParameter.${q}.Reference`)!.value = "Device.DeviceInfo.SerialNumber";
  return p;
}

async function waitFor(pred: () => boolean, ms = 8000): Promise<void> {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 25));
  }
}

const TOTAL = "Device.Services.STBService.1.ServiceMonitoring.MainStream.1.Total.";
const NAME = "Device.Services.STBService.1.AVStreams.AVStream.1.Name";

describe("BulkData client", () => {
  it("posts JSON NameValuePair with digest auth, query values, headers, and the referenced values", async () => {
    const c = await collector();
    cleanups.push(c.close);
    const d = stb();
    profile(d, c.url, { "JSONEncoding.ReportFormat": "NameValuePair", "HTTP.Compression": "GZIP" }, [
      TOTAL,
      NAME,
    ]);
    const client = new BulkDataClient();
    cleanups.push(() => client.stop());
    client.sync(d);
    await waitFor(() => c.got.length >= 1);
    const r = c.got[0]!;
    expect(r.method).toBe("POST");
    expect(r.url.searchParams.get("sn")).toBe(d.serial);
    expect(r.headers["content-type"]).toMatch(/^application\/json/);
    expect(r.headers["bbf-report-format"]).toBe("NameValuePair");
    expect(r.headers["content-encoding"]).toBe("gzip");
    expect(r.headers.date).toBeDefined();
    const body = JSON.parse(r.body) as { Report: Array<Record<string, unknown>> };
    expect(body.Report).toHaveLength(1);
    const rep = body.Report[0]!;
    expect(Math.abs((rep.CollectionTime as number) - Date.now())).toBeLessThan(10_000);
    expect(typeof rep[`${TOTAL}RTPStats.PacketsExpected`]).toBe("number");
    expect(typeof rep[`${TOTAL}Reset`]).toBe("boolean");
    expect(rep[NAME]).toBe(d.get(NAME));
    expect(Object.keys(rep).filter((k) => k.startsWith(TOTAL)).length).toBeGreaterThan(50);
  });

  it("posts JSON ObjectHierarchy with ISO-8601 times", async () => {
    const c = await collector();
    cleanups.push(c.close);
    const d = stb();
    profile(d, c.url, { "JSONEncoding.ReportTimestamp": "ISO-8601" }, [NAME]);
    const client = new BulkDataClient();
    cleanups.push(() => client.stop());
    client.sync(d);
    await waitFor(() => c.got.length >= 1);
    const rep = (JSON.parse(c.got[0]!.body) as { Report: Array<Record<string, unknown>> }).Report[0]!;
    expect(rep.CollectionTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(c.got[0]!.headers["bbf-report-format"]).toBe("ObjectHierarchy");
    const dig = (o: unknown, path: string): unknown =>
      path.split(".").reduce<unknown>((n, k) => (n as Record<string, unknown> | undefined)?.[k], o);
    expect(dig(rep, NAME)).toBe(d.get(NAME));
  });

  it("posts CSV per row and per column that parse back", async () => {
    const c = await collector();
    cleanups.push(c.close);
    const d = stb();
    profile(d, c.url, { EncodingType: "CSV", "CSVEncoding.ReportFormat": "ParameterPerRow" }, [
      NAME,
      `${TOTAL}RTPStats.`,
    ]);
    profile(d, c.url, { EncodingType: "CSV", "CSVEncoding.RowSeparator": "&#13;&#10;" }, [
      NAME,
      `${TOTAL}RTPStats.`,
    ]);
    const client = new BulkDataClient();
    cleanups.push(() => client.stop());
    client.sync(d);
    await waitFor(() => c.got.some((r) => r.headers["bbf-report-format"] === "ParameterPerColumn"));
    await waitFor(() => c.got.some((r) => r.headers["bbf-report-format"] === "ParameterPerRow"));
    const perRow = c.got.find((r) => r.headers["bbf-report-format"] === "ParameterPerRow")!;
    expect(perRow.headers["content-type"]).toMatch(/^text\/csv/);
    const rows = perRow.body
      .trimEnd()
      .split("\n")
      .map((l) => l.split(","));
    expect(rows[0]).toEqual(["ReportTimestamp", "ParameterName", "ParameterValue", "ParameterType"]);
    const name = rows.find((r) => r[1] === NAME)!;
    expect(name[2]).toBe(d.get(NAME));
    expect(name[3]).toBe("string");
    expect(rows.find((r) => r[1] === `${TOTAL}RTPStats.PacketsLost`)![3]).toBe("unsignedInt");
    const perCol = c.got.find((r) => r.headers["bbf-report-format"] === "ParameterPerColumn")!;
    const lines = perCol.body
      .split("\r\n")
      .filter(Boolean)
      .map((l) => l.split(","));
    expect(lines[0]![0]).toBe("ReportTimestamp");
    expect(lines[0]).toContain(NAME);
    expect(lines[1]![lines[0]!.indexOf(NAME)]).toBe(d.get(NAME));
    expect(lines[1]).toHaveLength(lines[0]!.length);
  });

  it("retains reports while the collector fails and sends them in one report array", async () => {
    let fail = 3;
    const c = await collector(() => (fail-- > 0 ? 503 : 204));
    cleanups.push(c.close);
    const d = stb();
    profile(d, c.url, { NumberOfRetainedFailedReports: 5 }, [NAME]);
    const client = new BulkDataClient();
    cleanups.push(() => client.stop());
    client.sync(d);
    await waitFor(() => c.got.length >= 4);
    const sizes = c.got.map((r) => (JSON.parse(r.body) as { Report: unknown[] }).Report.length);
    expect(sizes.slice(0, 4)).toEqual([1, 2, 3, 4]);
    expect(client.counters.failedPosts).toBe(3);
  });

  it("retries a failed post with back-off when HTTP.RetryEnable is set", async () => {
    let fail = 2;
    const c = await collector(() => (fail-- > 0 ? 500 : 204));
    cleanups.push(c.close);
    const d = stb();
    profile(
      d,
      c.url,
      { ReportingInterval: 30, "HTTP.RetryEnable": "true", "HTTP.RetryMinimumWaitInterval": 1 },
      [NAME],
    );
    const client = new BulkDataClient();
    cleanups.push(() => client.stop());
    // The first report is due in 30 s: send one now as the timer would.
    client.sync(d);
    expect(client.reportNow(d)).toBe(1);
    await waitFor(() => c.got.length >= 3, 10_000);
    expect(client.counters.failedPosts).toBe(2);
    expect((JSON.parse(c.got[2]!.body) as { Report: unknown[] }).Report).toHaveLength(1);
  });

  it("refuses a collector that is not on loopback (nothing is sent)", async () => {
    const d = stb();
    profile(d, "http://collector.invalid/bulk", {}, [NAME]);
    const client = new BulkDataClient();
    cleanups.push(() => client.stop());
    client.sync(d);
    await waitFor(() => client.counters.refusedUrls >= 1);
    expect(client.counters.posts).toBe(0);
  });

  it("backfills the past hours in chunks with past collection times, then goes on from them", async () => {
    const c = await collector();
    cleanups.push(c.close);
    const d = stb();
    profile(d, c.url, { ReportingInterval: 300, "JSONEncoding.ReportFormat": "NameValuePair" }, [
      `${TOTAL}RTPStats.TotalSeconds`,
      `${TOTAL}ResetTime`,
    ]);
    const client = new BulkDataClient({ backfillHours: 2, backfillChunk: 5, backfillPaceMs: 1 });
    cleanups.push(() => client.stop());
    const before = Date.now();
    client.sync(d);
    expect(client.counters.backfilledReports).toBe(24);
    await waitFor(() => client.counters.reportsSent >= 24);
    const reports = c.got.flatMap(
      (r) => (JSON.parse(r.body) as { Report: Array<Record<string, number>> }).Report,
    );
    expect(c.got.length).toBe(5);
    const times = reports.map((r) => r.CollectionTime!);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(times[0]).toBeLessThan(before - 6_800_000);
    const reset = reports.map((r) => r[`${TOTAL}ResetTime`]!);
    expect(reset).toEqual([...reset].sort((a, b) => a - b));
    // The live device continues from the backfilled counters.
    expect(Number(d.get(`${TOTAL}ResetTime`))).toBeGreaterThanOrEqual(reset.at(-1)!);
  });
});

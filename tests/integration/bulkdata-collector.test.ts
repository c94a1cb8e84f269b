// The BulkData collector against a real server: CPEs POST reports with per-device Digest credentials
// (Basic only inside TLS); refused requests (401/400/413/415) store nothing; valid JSON and CSV
// reports (gzip too) become checked intervals.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import https from "node:https";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  basicAuthorization,
  digestAuthorization,
  parseAuthorization,
} from "../../server/cwmp/transport/digest";
import { db } from "../../server/db";
import { bulkdataPasswordFor, startBulkDataCollector } from "../../server/monitoring/bulkdata";
import { profileSaveSchema } from "../../lib/profiles/input";
import { saveProfile } from "../../server/profiles/profiles";
import { findTemplate } from "../../server/profiles/templates";
import { startFleet, type Fleet } from "../../sim";
import { startTestServer, waitFor, type TestServer } from "../support/test-server";

let server: TestServer;
let collector: { url: string; close(): Promise<void> };
const A = { oui: "00D09E", serialNumber: "BD-STB-A", productClass: "STB" };
const B = { oui: "00D09E", serialNumber: "BD-STB-B", productClass: "STB" };
let deviceA = 0;

const SVC = "Device.Services.STBService.1.";
const MS = `${SVC}ServiceMonitoring.MainStream.1.`;
const END = Math.floor(Date.now() / 300_000) * 300_000 - 300_000;
const iso = (t: number) => new Date(t).toISOString();

beforeAll(async () => {
  server = await startTestServer();
  collector = await startBulkDataCollector(0);
  for (const d of [A, B]) {
    const row = await db().device.create({
      data: { ...d, manufacturer: "Test", kind: "STB", rootObject: "Device" },
    });
    if (d === A) deviceA = row.id;
  }
}, 60_000);

afterAll(async () => {
  await collector?.close();
  await server?.close();
});

async function post(
  body: string | Buffer,
  headers: Record<string, string>,
  auth: { username: string; password: string } | "basic" | null,
  url = collector.url,
): Promise<Response> {
  const target = new URL(url);
  const uri = target.pathname + target.search;
  const send = (authorization?: string) =>
    fetch(url, {
      method: "POST",
      body: typeof body === "string" ? body : new Uint8Array(body),
      headers: { ...headers, ...(authorization ? { Authorization: authorization } : {}) },
    });
  if (auth === null) return send();
  if (auth === "basic") return send(basicAuthorization(A.serialNumber, await bulkdataPasswordFor(A)));
  const first = await send();
  expect(first.status).toBe(401);
  const challenge = parseAuthorization(first.headers.get("www-authenticate") ?? "");
  if (challenge?.scheme !== "Digest") throw new Error("no Digest challenge");
  return send(digestAuthorization({ method: "POST", uri, ...auth, challenge: challenge.params }));
}

const credsA = async () => ({ username: A.serialNumber, password: await bulkdataPasswordFor(A) });
const rows = async () =>
  Number((await db().$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM stream_interval`))[0]!.n);

function jsonReport(end: number, lost = 2): string {
  return JSON.stringify({
    Report: [
      {
        CollectionTime: end,
        [`${SVC}ServiceMonitoring.SampleInterval`]: 300,
        [`${SVC}ServiceMonitoring.ReportEndTime`]: iso(end),
        [`${MS}Sample.SampleSeconds`]: "300,300",
        [`${MS}Sample.RTPStats.PacketsExpected`]: "120000,120000",
        [`${MS}Sample.RTPStats.PacketsLost`]: `0,${lost}`,
        [`${MS}Sample.VideoResponseStats.VideoSystemResponse`]: "800,1200:700",
        "Device.DeviceInfo.UpTime": 86_400,
      },
    ],
  });
}

describe("authentication", () => {
  const json = { "Content-Type": "application/json" };

  it("asks for Digest credentials and refuses missing, wrong, foreign and unknown ones alike", async () => {
    const none = await post(jsonReport(END), json, null);
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toMatch(/^Digest realm="Vantage BulkData"/);
    const wrong = await post(jsonReport(END), json, { username: A.serialNumber, password: "guess" });
    expect(wrong.status).toBe(401);
    const foreign = await post(jsonReport(END), json, {
      username: A.serialNumber,
      password: await bulkdataPasswordFor(B),
    });
    expect(foreign.status).toBe(401);
    const unknown = await post(jsonReport(END), json, { username: "NO-SUCH-STB", password: "x" });
    expect(unknown.status).toBe(401);
    expect(await rows()).toBe(0);
  });

  it("refuses Basic over plain HTTP, even with the right password", async () => {
    const basic = await post(jsonReport(END), json, "basic");
    expect(basic.status).toBe(401);
    expect(await rows()).toBe(0);
  });
});

describe("reports", () => {
  it("refuses malformed, oversized and mistyped reports and stores nothing", async () => {
    const creds = await credsA();
    expect((await post("{not json", { "Content-Type": "application/json" }, creds)).status).toBe(400);
    const garbage = jsonReport(END).replace('"0,2"', '"0,two"');
    expect((await post(garbage, { "Content-Type": "application/json" }, creds)).status).toBe(400);
    expect((await post("<Report/>", { "Content-Type": "application/xml" }, creds)).status).toBe(415);
    const bomb = gzipSync(Buffer.alloc(8 * 1024 * 1024, 32));
    expect(
      (await post(bomb, { "Content-Type": "application/json", "Content-Encoding": "gzip" }, creds)).status,
    ).toBe(413);
    expect(await rows()).toBe(0);
    expect(await db().metricCursor.count()).toBe(0);
  });

  it("stores a JSON NameValuePair report once, with the OUI-serial username too", async () => {
    const headers = {
      "Content-Type": "application/json; charset=UTF-8",
      "BBF-Report-Format": "NameValuePair",
    };
    const res = await post(jsonReport(END), headers, await credsA());
    expect(res.status).toBe(204);
    expect(await rows()).toBe(2);
    const again = await post(jsonReport(END), headers, {
      username: `${A.oui}-${A.serialNumber}`,
      password: await bulkdataPasswordFor(A),
    });
    expect(again.status).toBe(204);
    expect(await rows()).toBe(2);
    const [row] = await db().$queryRawUnsafe<{ device_id: number; rtp_lost: bigint; zap_ms: number[] }[]>(
      `SELECT device_id, rtp_lost, zap_ms FROM stream_interval ORDER BY ts DESC LIMIT 1`,
    );
    expect(row!.device_id).toBe(deviceA);
    expect(Number(row!.rtp_lost)).toBe(2);
    expect(row!.zap_ms).toEqual([1200, 700]);
  });

  it("stores a gzip CSV ParameterPerColumn report found through RequestURIParameter values", async () => {
    const end = END + 300_000;
    const header = [
      "ReportTimestamp",
      `${SVC}ServiceMonitoring.SampleInterval`,
      `${SVC}ServiceMonitoring.ReportEndTime`,
      `${MS}Sample.SampleSeconds`,
      `${MS}Sample.RTPStats.PacketsExpected`,
    ];
    const csv = `${header.join(",")}\r\n${Math.floor(end / 1000)},300,${iso(end)},"300,300","1,2"\r\n`;
    const url = `${collector.url}?oui=${A.oui}&pc=${A.productClass}&sn=${A.serialNumber}`;
    const res = await post(
      gzipSync(csv),
      {
        "Content-Type": "text/csv; charset=UTF-8; header=present",
        "Content-Encoding": "gzip",
        "BBF-Report-Format": "ParameterPerColumn",
      },
      await credsA(),
      url,
    );
    expect(res.status).toBe(204);
    // The first entry ends at END, already stored: only the new one is.
    expect(await rows()).toBe(3);
  });
});

describe("over TLS", () => {
  let dir: string;
  let tlsCollector: { url: string; close(): Promise<void> };
  let ca: Buffer;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "vantage-bulkdata-tls-"));
    const key = path.join(dir, "key.pem");
    const cert = path.join(dir, "cert.pem");
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-keyout",
        key,
        "-out",
        cert,
        "-days",
        "1",
        "-subj",
        "/CN=127.0.0.1",
        "-addext",
        "subjectAltName=IP:127.0.0.1",
      ],
      { stdio: "ignore" },
    );
    ca = readFileSync(cert);
    tlsCollector = await startBulkDataCollector(0, { tls: { cert: ca, key: readFileSync(key) } });
  });
  afterAll(async () => {
    await tlsCollector?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("accepts Basic with the device's password and refuses another's", async () => {
    expect(tlsCollector.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/bulkdata$/);
    const send = (password: string) =>
      new Promise<number>((resolve, reject) => {
        const req = https.request(
          tlsCollector.url,
          {
            method: "POST",
            ca,
            headers: {
              "Content-Type": "application/json",
              Authorization: basicAuthorization(A.serialNumber, password),
            },
          },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.on("error", reject);
        req.end(jsonReport(END + 600_000));
      });
    expect(await send(await bulkdataPasswordFor(B))).toBe(401);
    expect(await send(await bulkdataPasswordFor(A))).toBe(204);
  });
});

// The whole path with simulated STBs: profiles from the templates turn service monitoring and BulkData
// on, each box gets the collector URL and its own password, posts, and its intervals are stored.
describe("simulated STBs provisioned from the templates", () => {
  let fleet: Fleet;
  // The collector this file started last took the references; the server's own serves here.
  beforeAll(async () => {
    await collector.close();
    collector = await startBulkDataCollector(0);
  });
  afterAll(async () => {
    await fleet?.stop();
  });

  it("post reports the collector stores, with no password in any task or profile state", async () => {
    const admin = { id: 1, username: "admin", role: "admin" as const };
    const monitoring = findTemplate("stb-service-monitoring")!.definition;
    const bulk = structuredClone(findTemplate("tr181-bulkdata")!.definition);
    // Reports every 2 s instead of 15 min.
    bulk.objects![0]!.instances[0]!.values.ReportingInterval = "2";
    for (const [name, definition] of [
      ["STB monitoring", monitoring],
      ["STB BulkData", bulk],
    ] as const) {
      const saved = await saveProfile(
        admin,
        null,
        profileSaveSchema.parse({ name, enabled: true, definition }),
      );
      if (!saved.ok) throw new Error(JSON.stringify(saved.refused));
    }
    fleet = await startFleet({
      acsUrl: server.cwmpUrl,
      // One household: a gateway (at least one per fleet) and two boxes.
      devices: 3,
      seed: 1111,
      stbRatio: 0.7,
      crHost: "127.0.0.1",
      crPort: 0,
      retryScale: 0.01,
      evolveEveryMs: 0,
      startSpreadMs: 100,
      bulkDataMinInterval: 1,
    });
    const stbs = await waitFor(async () => {
      const rows = await db().device.findMany({
        where: { kind: "STB", serialNumber: { notIn: [A.serialNumber, B.serialNumber] } },
      });
      return rows.length === 2 && rows.every((r) => r.fullReadAt !== null) ? rows : null;
    }, 60_000);
    // Profiles apply in the sessions after the full read: each box informs until it reports (bounded).
    for (let round = 0; round < 10; round++) {
      for (const stb of stbs) fleet.trigger(stb.serialNumber, [{ eventCode: "2 PERIODIC", commandKey: "" }]);
      await fleet.idle(10_000);
      const n = await db().metricCursor.count({
        where: { source: "bulkdata", deviceId: { in: stbs.map((d) => d.id) } },
      });
      if (n > 0) break;
      await new Promise((r) => setTimeout(r, 1_000));
    }
    const reporting = await waitFor(
      async () => {
        // A cursor moved by a report: the collector authenticated the box and ingested its statistics.
        const rows = await db().metricCursor.findMany({
          where: { source: "bulkdata", deviceId: { in: stbs.map((d) => d.id) } },
        });
        return rows.length > 0 ? rows : null;
      },
      60_000,
      250,
    );
    expect(reporting.length).toBeGreaterThan(0);
    for (const stb of stbs) {
      const password = await bulkdataPasswordFor(stb);
      const tasks = JSON.stringify(await db().task.findMany({ where: { deviceId: stb.id } }));
      expect(tasks).not.toContain(password);
      const states = JSON.stringify(await db().deviceProfile.findMany({ where: { deviceId: stb.id } }));
      expect(states).not.toContain(password);
    }
    // The password the box reads back as "" is not set again once the profile converged.
    const converged = await waitFor(async () => {
      const rows = await db().deviceProfile.findMany({
        where: { deviceId: { in: stbs.map((d) => d.id) }, convergedAt: { not: null } },
      });
      return rows.length === 2 * stbs.length ? rows : null;
    }, 60_000);
    const since = Math.max(...converged.map((r) => r.convergedAt!.getTime()));
    for (const stb of stbs) fleet.trigger(stb.serialNumber, [{ eventCode: "2 PERIODIC", commandKey: "" }]);
    await fleet.idle(10_000);
    const sets = await db().task.findMany({
      where: { deviceId: { in: stbs.map((d) => d.id) }, name: "SetParameterValues" },
    });
    const passwordSets = sets.filter((t) => JSON.stringify(t.request).includes("HTTP.Password"));
    expect(passwordSets.length).toBeGreaterThan(0);
    expect(passwordSets.filter((t) => t.createdAt.getTime() > since)).toEqual([]);
  }, 240_000);
});

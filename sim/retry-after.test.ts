// A busy ACS's 503 + Retry-After: the simulated CPE waits as told (bounded), then sends the same
// events again (a refused 0 BOOTSTRAP stays a BOOTSTRAP); without the header, its TR-069 back-off.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { parseEnvelope, serializeEnvelope } from "../server/cwmp/soap/index";
import type { InformRequest } from "../server/cwmp/soap/types";
import { startFleet, type Fleet } from "./fleet";
import { MAX_RETRY_AFTER_MS, retryAfterMs } from "./http-client";
import { runSession } from "./session";
import { makeDevice } from "./test-helpers";

interface Arrival {
  at: number;
  events: string[];
}

/** An ACS that refuses the first `refusals` Informs with 503 (+ the given Retry-After), then admits. */
async function busyAcs(refusals: number, retryAfter: string | undefined) {
  const informs: Arrival[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      if (text === "") return void res.writeHead(204).end();
      const body = parseEnvelope(text).body as InformRequest;
      informs.push({ at: Date.now(), events: body.events.map((e) => e.eventCode) });
      if (informs.length <= refusals) {
        res.writeHead(503, retryAfter === undefined ? {} : { "Retry-After": retryAfter }).end();
        return;
      }
      const xml = serializeEnvelope({
        cwmpNamespace: "urn:dslforum-org:cwmp-1-2",
        version: "1.2",
        header: { id: "1" },
        body: { name: "InformResponse", maxEnvelopes: 1 },
      });
      res.writeHead(200, { "content-type": "text/xml" }).end(xml);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return { url, informs, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

async function fleetAgainst(url: string): Promise<Fleet> {
  const fleet = await startFleet({
    acsUrl: url,
    devices: 1,
    noBoot: true,
    evolveEveryMs: 0,
    // Waits are scaled by 1/100 so the test takes milliseconds, not minutes.
    retryScale: 0.01,
  });
  cleanup.push(() => fleet.stop());
  return fleet;
}

describe("Retry-After", () => {
  it("reads delay-seconds and HTTP-dates, bounded to 10 minutes; garbage is no header", () => {
    expect(retryAfterMs({ "retry-after": "17" })).toBe(17_000);
    expect(retryAfterMs({ "retry-after": "99999" })).toBe(MAX_RETRY_AFTER_MS);
    const now = Date.parse("2026-12-03T12:00:00Z");
    expect(retryAfterMs({ "retry-after": "Thu, 03 Dec 2026 12:00:30 GMT" }, now)).toBe(30_000);
    expect(retryAfterMs({ "retry-after": "Thu, 03 Dec 2026 11:00:00 GMT" }, now)).toBe(0);
    expect(retryAfterMs({ "retry-after": "soon" })).toBeUndefined();
    expect(retryAfterMs({ "retry-after": "-5" })).toBeUndefined();
    expect(retryAfterMs({})).toBeUndefined();
  });

  it("a refused session reports the wait and keeps the device's BOOTSTRAP pending", async () => {
    const acs = await busyAcs(1, "42");
    cleanup.push(acs.close);
    const device = makeDevice("stb");
    device.tree.params.get("Device.ManagementServer.URL")!.value = acs.url;
    device.reboot([]);
    const refused = await runSession(device, { timeoutMs: 5000 });
    expect(refused).toMatchObject({ ok: false, error: "HTTP 503", retryAfterMs: 42_000 });
    expect(device.bootstrapped).toBe(false);
    const admitted = await runSession(device, { timeoutMs: 5000 });
    expect(admitted.ok).toBe(true);
    expect(admitted.informMs).toBeGreaterThan(0);
    expect(acs.informs.map((i) => i.events)).toEqual([
      ["0 BOOTSTRAP", "1 BOOT"],
      ["0 BOOTSTRAP", "1 BOOT"],
    ]);
    expect(device.bootstrapped).toBe(true);
  });

  it("the fleet comes back after the Retry-After with the same events, until admitted", async () => {
    // 100 s asked, scaled by 0.01: 1 s. The TR-069 back-off for a first retry is 5-10 s (50-100 ms).
    const acs = await busyAcs(2, "100");
    cleanup.push(acs.close);
    const fleet = await fleetAgainst(acs.url);
    const d = fleet.devices[0]!;
    d.reboot([]);
    d.requestSession([]);
    const deadline = Date.now() + 15_000;
    while (fleet.counters.sessionsOk === 0 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    expect(fleet.counters).toMatchObject({ sessionsOk: 1, sessionsFailed: 2, refused: 2 });
    const [a, b, c] = acs.informs;
    expect(b!.at - a!.at).toBeGreaterThanOrEqual(950);
    expect(c!.at - b!.at).toBeGreaterThanOrEqual(950);
    for (const i of acs.informs) expect(i.events).toEqual(["0 BOOTSTRAP", "1 BOOT"]);
  }, 20_000);

  it("without Retry-After the fleet uses its TR-069 back-off instead", async () => {
    const acs = await busyAcs(1, undefined);
    cleanup.push(acs.close);
    const fleet = await fleetAgainst(acs.url);
    const d = fleet.devices[0]!;
    d.requestSession([]);
    const deadline = Date.now() + 10_000;
    while (fleet.counters.sessionsOk === 0 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    expect(fleet.counters).toMatchObject({ sessionsOk: 1, sessionsFailed: 1, refused: 0 });
    const gap = acs.informs[1]!.at - acs.informs[0]!.at;
    // 5-10 s scaled by 0.01 (the second attempt's window tops at 20 s: 200 ms).
    expect(gap).toBeGreaterThanOrEqual(40);
    expect(gap).toBeLessThan(1500);
  });
});

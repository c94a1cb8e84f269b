// TR-111 on loopback (no namespaces): the real server with its STUN listener and the real simulator. The
// ACS hands a box its STUN settings and derived credentials (the profile references) by
// SetParameterValues, the box keeps a signed binding, reports NATDetected (the fleet's assume-NAT
// switch stands in for a real NAT here), and a queued task then wakes it by a UDP connection request
// from the STUN socket: 6 CONNECTION REQUEST within 2 s, the answered counters move. Without a fresh
// NATed binding the wake stays HTTP.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveValue } from "../../lib/profiles/references";
import { db } from "../../server/db";
import { wakeDevice, wakeTransport } from "../../server/devices/wake";
import { metrics } from "../../server/observability/metrics";
import { wakeViaUdp } from "../../server/stun/udp-wake";
import { queueTask } from "../../server/tasks/service";
import type { Fleet } from "../../sim";
import { startInformedFleet } from "../support/fleet";
import { startTestServer, waitFor, type TestServer } from "../support/test-server";

let server: TestServer;
let fleet: Fleet;

beforeAll(async () => {
  server = await startTestServer({ STUN_ENABLED: "true", STUN_PORT: "0" });
  fleet = await startInformedFleet(server.cwmpUrl, { devices: 3, seed: 21, stun: { assumeNat: true } });
}, 60_000);

afterAll(async () => {
  await fleet?.stop();
  await server?.close();
});

async function between(deviceId: number): Promise<void> {
  await waitFor(
    async () => (await db().task.count({ where: { deviceId, state: { in: ["queued", "sent"] } } })) === 0,
    20_000,
  );
  await fleet.idle(10_000);
}

const crInforms = (deviceId: number) =>
  db().informEvent.count({ where: { deviceId, events: { has: "6 CONNECTION REQUEST" } } });

describe("STUN and UDP connection requests on loopback", () => {
  it("gives a box its STUN settings; its signed binding and NAT report are stored", async () => {
    expect(server.stunPort).toBeGreaterThan(0);
    const stb = await db().device.findFirstOrThrow({
      where: { rootObject: "Device" },
      orderBy: { id: "asc" },
    });
    const identity = { ...stb, subscriberId: null, rootObject: stb.rootObject };
    const ref = (r: string) => resolveValue(`\${${r}}`, identity)!.value;
    expect(ref("stunServerPort")).toBe(String(server.stunPort));
    await between(stb.id);
    const ms = `${stb.rootObject}.ManagementServer.`;
    const set = (name: string, value: string, type: string) => ({ name: ms + name, value, type });
    const task = await queueTask(stb.id, {
      name: "SetParameterValues",
      parameterList: [
        set("STUNEnable", "true", "boolean"),
        set("STUNServerAddress", ref("stunServerAddress"), "string"),
        set("STUNServerPort", ref("stunServerPort"), "unsignedInt"),
        set("STUNUsername", ref("stunUsername"), "string"),
        set("STUNPassword", ref("stunPassword"), "string"),
        set("STUNMinimumKeepAlivePeriod", "10", "unsignedInt"),
        set("STUNMaximumKeepAlivePeriod", "20", "int"),
      ],
      parameterKey: "stun-on",
    });
    await waitFor(async () => (await db().task.findUnique({ where: { id: task.id } }))?.state === "done");
    const sim = fleet.device(stb.serialNumber)!;
    const port = await waitFor(() => Promise.resolve(fleet.stun.client(sim)?.port));
    const binding = await waitFor(() =>
      db().stunBinding.findFirst({ where: { deviceId: stb.id, authenticated: true, natDetected: true } }),
    );
    expect(binding).toMatchObject({ address: "127.0.0.1", port });
    expect(fleet.stunCounters.unauthorized).toBeGreaterThanOrEqual(1); // the first request was unsigned
    // The box notified its UDPConnectionRequestAddress, as a CPE with active notification does.
    await waitFor(async () =>
      (await db().device.findUnique({ where: { id: stb.id } }))?.udpConnectionRequestAddr ===
      `127.0.0.1:${port}`
        ? true
        : undefined,
    );
  });

  it("wakes the NATed box for a queued task by UDP within 2 s, and counts the answer", async () => {
    const stb = await db().device.findFirstOrThrow({
      where: { rootObject: "Device" },
      orderBy: { id: "asc" },
    });
    await between(stb.id);
    const before = await crInforms(stb.id);
    const accepted = fleet.stunCounters.udpAccepted;
    const started = Date.now();
    const task = await queueTask(stb.id, {
      name: "GetParameterValues",
      parameterNames: [`${stb.rootObject}.DeviceInfo.UpTime`],
    });
    await waitFor(async () => (await crInforms(stb.id)) > before, 2_000, 20);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(fleet.stunCounters.udpAccepted).toBe(accepted + 1); // one accepted; the repeats are replays
    await waitFor(async () => (await db().task.findUnique({ where: { id: task.id } }))?.state === "done");
    const binding = await waitFor(() =>
      db().stunBinding.findFirst({ where: { deviceId: stb.id, udpRequestsAnswered: { gte: 1 } } }),
    );
    expect(binding.udpRequestsSent).toBeGreaterThanOrEqual(1);
    expect(binding.lastUdpLatencyMs).toBeGreaterThanOrEqual(0);
    expect(binding.lastUdpLatencyMs).toBeLessThan(2_000);
    expect(fleet.stunCounters.udpIgnored).toBeGreaterThanOrEqual(2); // the ACS's 2 repeats
    const text = await metrics().registry.metrics();
    expect(text).toMatch(/vantage_stun_requests_total\{outcome="answered"\} [1-9]/);
    expect(text).toMatch(/vantage_stun_requests_total\{outcome="unauthorized"\} [1-9]/);
    expect(text).toMatch(/vantage_udp_connection_requests_total\{outcome="sent"\} [1-9]/);
    expect(text).toMatch(/vantage_udp_connection_requests_total\{outcome="answered"\} [1-9]/);
    expect(text).toMatch(/vantage_udp_connection_request_latency_seconds_count [1-9]/);
  });

  it("says which transport a wake used, and falls back to HTTP without a fresh NATed binding", async () => {
    const stb = await db().device.findFirstOrThrow({
      where: { rootObject: "Device" },
      orderBy: { id: "asc" },
    });
    await between(stb.id);
    const udp = await wakeDevice(stb.id);
    expect(udp).toMatchObject({ ok: true, transport: "udp" });
    expect(wakeTransport(udp)).toBe("udp");
    await waitFor(async () =>
      (await db().stunBinding.findUnique({ where: { deviceId: stb.id } }))!.udpRequestsAnswered >= 2
        ? true
        : undefined,
    );
    await between(stb.id);
    // The address policy of HTTP requests applies: without 127.0.0.0/8 allowed, loopback is refused.
    const refused = await wakeViaUdp(stb.id, { username: "u", password: "p" }, { allowedNetworks: [] });
    expect(refused).toMatchObject({ ok: false, transport: "udp", refused: true });
    // A binding older than STUN_BINDING_FRESH_SECONDS is not used (the box may have moved).
    await db().stunBinding.update({
      where: { deviceId: stb.id },
      data: { lastSeen: new Date(Date.now() - 3_600_000) },
    });
    const http = await wakeDevice(stb.id);
    expect(http).toEqual({ ok: true, status: 200 });
    expect(wakeTransport(http)).toBe("http");
    // The gateway never turned STUN on: HTTP.
    const gw = await db().device.findFirstOrThrow({ where: { rootObject: "InternetGatewayDevice" } });
    await between(gw.id);
    expect(await db().stunBinding.findUnique({ where: { deviceId: gw.id } })).toBeNull();
    expect(wakeTransport(await wakeDevice(gw.id))).toBe("http");
  });
});

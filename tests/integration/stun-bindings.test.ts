// The STUN binding store against the database: keep-alives within a quarter of the freshness window do
// not rewrite the row; a new mapping or BINDING-CHANGE counts a change; NAT is detected from the
// device's own reported address or its NATDetected report; only a fresh NATed binding is a UDP target;
// an answered UDP request is counted once with its latency.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "../../server/db";
import {
  clearBindingCache,
  freshNatBinding,
  noteReportedNat,
  recordBinding,
  recordUdpAnswered,
  recordUdpRequestSent,
} from "../../server/stun/bindings";
import { startTestServer, type TestServer } from "../support/test-server";

let server: TestServer;
let ownAddress = 0; // ConnectionRequestURL on 127.0.0.1 (the address its requests come from)
let natted = 0; // ConnectionRequestURL on a private address: its requests come through a NAT

beforeAll(async () => {
  // STUN_BINDING_FRESH_SECONDS=40: writes are skipped for 10 s after the last one.
  server = await startTestServer({ STUN_BINDING_FRESH_SECONDS: "40" });
  const base = { oui: "00D09E", productClass: "STB", manufacturer: "Test", kind: "STB" as const };
  ownAddress = (
    await db().device.create({
      data: {
        ...base,
        serialNumber: "SB-OWN",
        rootObject: "Device",
        connectionRequestUrl: "http://127.0.0.1:7547/cr",
      },
    })
  ).id;
  natted = (
    await db().device.create({
      data: {
        ...base,
        serialNumber: "SB-NAT",
        rootObject: "Device",
        connectionRequestUrl: "http://192.168.1.20:7547/cr",
      },
    })
  ).id;
}, 60_000);

afterAll(async () => {
  await server?.close();
});

beforeEach(() => clearBindingCache());

const seen = (deviceId: number, port: number, at: number, bindingChange = false) =>
  recordBinding({
    deviceId,
    address: "127.0.0.1",
    port,
    authenticated: true,
    bindingChange,
    now: new Date(at),
  });
const row = (deviceId: number) => db().stunBinding.findUniqueOrThrow({ where: { deviceId } });

describe("STUN binding store", () => {
  it("writes the first request, skips keep-alives for a quarter of the window, then refreshes", async () => {
    const t0 = Date.now();
    expect(await seen(ownAddress, 5000, t0)).toBe(false);
    expect(await row(ownAddress)).toMatchObject({ port: 5000, natDetected: false, changes: 0 });
    await seen(ownAddress, 5000, t0 + 5_000);
    expect((await row(ownAddress)).lastSeen.getTime()).toBe(t0); // skipped
    await seen(ownAddress, 5000, t0 + 11_000);
    expect((await row(ownAddress)).lastSeen.getTime()).toBe(t0 + 11_000);
  });

  it("counts a new mapping and a BINDING-CHANGE as changes", async () => {
    const t0 = Date.now();
    await seen(ownAddress, 5000, t0);
    expect(await seen(ownAddress, 5001, t0 + 1_000)).toBe(true);
    expect(await seen(ownAddress, 5001, t0 + 2_000, true)).toBe(true);
    const r = await row(ownAddress);
    expect(r).toMatchObject({ port: 5001, changes: 2 });
    expect(r.changedAt?.getTime()).toBe(t0 + 2_000);
  });

  it("detects NAT from the device's own address or its report, and only then is it a UDP target", async () => {
    const now = Date.now();
    await seen(natted, 6000, now);
    expect((await row(natted)).natDetected).toBe(true); // requests from 127.0.0.1, box says 192.168.1.20
    expect(await freshNatBinding(natted, new Date(now))).toEqual({ address: "127.0.0.1", port: 6000 });
    expect(await freshNatBinding(natted, new Date(now + 41_000))).toBeNull(); // stale
    expect(await freshNatBinding(ownAddress, new Date(now))).toBeNull(); // not NATed
    await noteReportedNat(ownAddress, true);
    expect((await row(ownAddress)).natDetected).toBe(true);
    expect(await freshNatBinding(ownAddress)).not.toBeNull();
    await noteReportedNat(ownAddress, false);
    expect((await row(ownAddress)).natDetected).toBe(false);
  });

  it("counts an answered UDP request once, with its latency", async () => {
    const sent = new Date(Date.now() - 1_000);
    expect(await recordUdpAnswered(natted)).toBeNull(); // nothing sent yet
    await recordUdpRequestSent(natted, sent);
    expect(await recordUdpAnswered(natted, new Date(sent.getTime() + 250))).toBe(250);
    expect(await recordUdpAnswered(natted, new Date(sent.getTime() + 900))).toBeNull(); // already answered
    expect(await row(natted)).toMatchObject({
      udpRequestsSent: 1,
      udpRequestsAnswered: 1,
      lastUdpLatencyMs: 250,
    });
  });

  it("does not count a session weeks after an unanswered request (and never overflows the column)", async () => {
    const sent = new Date(Date.now() - 30 * 86_400_000);
    await recordUdpRequestSent(natted, sent);
    expect(await recordUdpAnswered(natted, new Date())).toBeNull();
    expect(await row(natted)).toMatchObject({
      udpRequestsSent: 2,
      udpRequestsAnswered: 1,
      lastUdpLatencyMs: 250,
    });
  });
});

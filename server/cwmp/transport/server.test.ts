import type { AddressInfo } from "node:net";
import pino from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { ScriptedCpe, makeInform } from "../../../tests/support/scripted-cpe";
import { clientAddress } from "../../web/client-address";
import { serializeEnvelope } from "../soap";
import { MemoryBackend } from "../session/memory-backend";
import { createCwmpServer, type CwmpServer, type CwmpServerOptions } from "./server";

const open: { server: CwmpServer; cpes: ScriptedCpe[] }[] = [];

async function start(
  shutdownGraceMs: number,
  extra: Partial<CwmpServerOptions> = {},
  backend = new MemoryBackend(),
) {
  const server = createCwmpServer({
    backend,
    auth: { mode: "none", realm: "r", nonceKey: "k", nonceMaxAgeMs: 60_000 },
    maxBodyBytes: 1 << 20,
    sessionTimeoutMs: 30_000,
    log: pino({ level: "silent" }),
    shutdownGraceMs,
    ...extra,
  });
  await new Promise<void>((resolve) => server.server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}/`;
  const entry = { server, cpes: [] as ScriptedCpe[] };
  open.push(entry);
  const cpe = (options: { cookies: boolean } = { cookies: false }): ScriptedCpe => {
    const c = new ScriptedCpe(url, options);
    entry.cpes.push(c);
    return c;
  };
  return { backend, server, cpe };
}

afterEach(() => {
  for (const { cpes } of open.splice(0)) for (const c of cpes) c.close();
});

describe("CWMP listener shutdown", () => {
  it("waits for an outstanding answer, refuses new Informs meanwhile, then ends the session with 204", async () => {
    // A grace far longer than the test's timeout: the test passes only if close() returns as soon
    // as the last outstanding answer is in, not when the grace runs out.
    const { backend, server, cpe } = await start(600_000);
    const device = cpe();
    expect((await device.inform(makeInform("G1", ["2 PERIODIC"]))).status).toBe(200);
    const taskId = backend.queueTask({ name: "Reboot", commandKey: "k" });
    const rpc = await device.empty();
    expect(rpc.envelope?.body.name).toBe("Reboot");

    const closing = server.close();
    const other = await cpe().inform(makeInform("G2", ["2 PERIODIC"]));
    expect(other.status).toBe(503);
    // a cookieless CPE answers on its own connection, still open during the grace
    const end = await device.send({ name: "RebootResponse" }, rpc.envelope?.header.id);
    expect(end.status).toBe(204);
    await closing;
    expect(backend.calls).toContainEqual({ call: "complete", taskId, answer: "RebootResponse" });
    const abandons = backend.calls.filter((c) => c.call === "abandon");
    expect(abandons).toEqual([
      { call: "abandon", sessionId: expect.any(String) as string, reason: "shutdown" },
    ]);
  });

  it("after the grace, releases sessions still waiting without counting an attempt", async () => {
    const { backend, server, cpe } = await start(300);
    const device = cpe();
    await device.inform(makeInform("G3", ["2 PERIODIC"]));
    backend.queueTask({ name: "Reboot", commandKey: "k" });
    expect((await device.empty()).envelope?.body.name).toBe("Reboot");
    let closed = false;
    const closing = server.close().then(() => (closed = true));
    // During the grace the session is still held: nothing released, close() still pending.
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(closed).toBe(false);
    expect(backend.calls.filter((c) => c.call === "abandon")).toEqual([]);
    await closing;
    const abandons = backend.calls.filter((c) => c.call === "abandon");
    expect(abandons).toHaveLength(1);
    expect(abandons[0]).toMatchObject({ reason: "shutdown" });
    expect(abandons[0]).not.toHaveProperty("failed");
    expect(server.engine.sessions.size).toBe(0);
  });
});

describe("CWMP listener behind a load balancer", () => {
  /** A listener with the console's X-Forwarded-For rule injected, and the addresses sessions began with. */
  async function behindProxy(trustedProxies: string[]) {
    const backend = new MemoryBackend();
    const seen: string[] = [];
    const begin = backend.beginSession.bind(backend);
    backend.beginSession = (input) => {
      seen.push(input.remoteAddress);
      return begin(input);
    };
    const { cpe } = await start(
      0,
      {
        clientAddress: (req) =>
          clientAddress(req.socket.remoteAddress, req.headers["x-forwarded-for"], trustedProxies),
      },
      backend,
    );
    const device = cpe({ cookies: true });
    const inform = (serial: string, forwardedFor: string) =>
      device.post(
        serializeEnvelope({
          cwmpNamespace: "urn:dslforum-org:cwmp-1-0",
          version: "1.0",
          header: { id: "1" },
          body: makeInform(serial, ["2 PERIODIC"]),
        }),
        { "X-Forwarded-For": forwardedFor },
      );
    return { seen, inform };
  }

  it("records the CPE's address from X-Forwarded-For when the peer is a trusted proxy", async () => {
    const { seen, inform } = await behindProxy(["127.0.0.1"]);
    expect((await inform("P1", "127.0.0.9")).status).toBe(200);
    expect(seen).toEqual(["127.0.0.9"]);
  });

  it("ignores X-Forwarded-For from a peer that is not a trusted proxy", async () => {
    const { seen, inform } = await behindProxy(["127.0.0.2"]);
    expect((await inform("P2", "127.0.0.9")).status).toBe(200);
    expect(seen).toEqual(["127.0.0.1"]);
  });
});

describe("a CPE that hangs up mid-session", () => {
  it("ends its session after a short grace when it gave up waiting, not after the whole timeout", async () => {
    const backend = new MemoryBackend();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const begin = backend.beginSession.bind(backend);
    backend.beginSession = async (input) => {
      if (input.inform.deviceId.serialNumber === "GAVEUP1") await gate;
      return begin(input);
    };
    const { server, cpe } = await start(1_000, {}, backend);
    const sessions = server.engine.sessions;
    // Gave up while the ACS was still working on its Inform (a CPE that timed out in a boot storm).
    const gone = cpe({ cookies: true });
    const informing = gone.inform(makeInform("GAVEUP1", ["1 BOOT"])).catch(() => "dropped");
    await expect.poll(() => [...sessions.values()].some((s) => s.busy)).toBe(true);
    gone.dropConnection();
    expect(await informing).toBe("dropped");
    // Hung up between messages (some CPEs open a connection per message): nothing changes for it.
    const between = cpe({ cookies: true });
    expect((await between.inform(makeInform("BETWEEN1", ["1 BOOT"]))).status).toBe(200);
    between.dropConnection();
    release();
    await expect.poll(() => [...sessions.values()].filter((s) => !s.busy).length).toBe(2);
    await expect
      .poll(() => [...sessions.values()].filter((s) => s.closedGraceMs !== undefined).length)
      .toBe(1);
    const latest = Math.max(...[...sessions.values()].map((s) => s.lastActivity));
    // Silent past the grace but within the 30 s session timeout: only the one that gave up ends.
    expect(await server.engine.sweep(latest + 5_000)).toBe(0);
    expect(await server.engine.sweep(latest + 11_000)).toBe(1);
    expect([...sessions.values()].map((s) => s.identity?.serialNumber)).toEqual(["BETWEEN1"]);
    // It comes back with the cookie and ends its session normally.
    expect((await between.empty()).status).toBe(204);
    expect(sessions.size).toBe(0);
  });
});

// The simulated CPE's STUN client against the real STUN listener on 127.0.0.1: 401, then signed keep-alives;
// the mapping written to UDPConnectionRequestAddress (value change notified); a mapping change through a
// userland relay (a port-changing "NAT" on loopback) followed by a request carrying BINDING-CHANGE; and
// UDP connection requests on the same socket, accepted once, replays and forgeries ignored.
import dgram from "node:dgram";
import { afterEach, describe, expect, it } from "vitest";
import { startStunServer, type StunServer } from "../../server/stun/server";
import { buildUdpConnectionRequest } from "../../server/stun/udp-connection-request";
import type { SimDevice } from "../device";
import { makeDevice } from "../test-helpers";
import { StunClients } from "./clients";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const bindings: { deviceId: number; bindingChange: boolean; port: number }[] = [];

async function stunServer(): Promise<StunServer> {
  const server = await startStunServer({
    host: "127.0.0.1",
    port: 0,
    requireIntegrity: true,
    ratePerSource: 1000,
    credentials: (u) => Promise.resolve(u === "USER1" ? { deviceId: 1, password: "PW1" } : null),
    onBinding: (b, source) => bindings.push({ ...b, port: source.port }),
  });
  cleanups.push(() => server.close());
  return server;
}

function configure(d: SimDevice, port: number): void {
  const ms = `${d.root}ManagementServer.`;
  const set = (n: string, v: string) => (d.tree.params.get(ms + n)!.value = v);
  set("STUNEnable", "true");
  set("STUNServerAddress", "127.0.0.1");
  set("STUNServerPort", String(port));
  set("STUNUsername", "USER1");
  set("STUNPassword", "PW1");
  set("STUNMinimumKeepAlivePeriod", "1");
  set("STUNMaximumKeepAlivePeriod", "1");
}

async function until<T>(check: () => T | undefined | false, ms = 3000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error("condition not met");
    await new Promise((r) => setTimeout(r, 10));
  }
}

function clients(requests: SimDevice[]): StunClients {
  const c = new StunClients({
    host: "127.0.0.1",
    timeScale: 0.1,
    onConnectionRequest: (d) => requests.push(d),
  });
  cleanups.push(() => c.stop());
  return c;
}

describe("sim STUN client", () => {
  it("signs after the 401, learns its mapping and notifies the ACS of it", async () => {
    const server = await stunServer();
    const d = makeDevice("stb");
    configure(d, server.port);
    const c = clients([]);
    await c.sync(d);
    const port = c.client(d)!.port!;
    const address = await until(() => d.ms("UDPConnectionRequestAddress"));
    expect(address).toBe(`127.0.0.1:${port}`);
    expect(d.ms("NATDetected")).toBe("false"); // its own address: no NAT on loopback
    expect(c.counters.unauthorized).toBe(1);
    expect(d.changed.has(`${d.root}ManagementServer.UDPConnectionRequestAddress`)).toBe(true);
    expect(d.informEvents().map((e) => e.eventCode)).toContain("4 VALUE CHANGE");
    // keep-alives keep coming, signed (no further 401)
    await until(() => c.counters.answers >= 3);
    expect(c.counters.unauthorized).toBe(1);
    // STUNEnable false closes the socket
    d.tree.params.get(`${d.root}ManagementServer.STUNEnable`)!.value = "false";
    await c.sync(d);
    expect(c.client(d)).toBeUndefined();
  });

  it("follows a mapping change with a BINDING-CHANGE request", async () => {
    const server = await stunServer();
    // A userland NAT: the client talks to `inside`, which relays from `outside`; a new `outside`
    // socket is a new public port, as when a NAT drops and recreates the mapping.
    const inside = dgram.createSocket("udp4");
    await new Promise<void>((r) => inside.bind(0, "127.0.0.1", r));
    let client: dgram.RemoteInfo | undefined;
    let outside: dgram.Socket;
    const openOutside = async () => {
      outside = dgram.createSocket("udp4");
      outside.on("message", (msg) => client && inside.send(msg, client.port, client.address));
      await new Promise<void>((r) => outside.bind(0, "127.0.0.1", r));
    };
    await openOutside();
    inside.on("message", (msg, rinfo) => {
      client = rinfo;
      outside.send(msg, server.port, "127.0.0.1");
    });
    cleanups.push(() => {
      inside.close();
      outside.close();
    });
    const d = makeDevice("dng");
    configure(d, inside.address().port);
    const c = clients([]);
    await c.sync(d);
    const first = outside!.address().port;
    await until(() => d.ms("UDPConnectionRequestAddress") === `127.0.0.1:${first}`);
    expect(d.ms("NATDetected")).toBe("true"); // the mapping is not its own port
    outside!.close();
    await openOutside();
    const second = outside!.address().port;
    await until(() => d.ms("UDPConnectionRequestAddress") === `127.0.0.1:${second}`);
    await until(() => bindings.some((b) => b.bindingChange && b.port === second));
    expect(c.counters.bindingChanges).toBe(1);
  });

  it("accepts a signed UDP connection request once and ignores replays and forgeries", async () => {
    const server = await stunServer();
    const d = makeDevice("stb");
    configure(d, server.port);
    const requests: SimDevice[] = [];
    const c = clients(requests);
    await c.sync(d);
    const port = c.client(d)!.port!;
    const creds = {
      username: d.ms("ConnectionRequestUsername"),
      password: d.ms("ConnectionRequestPassword"),
    };
    const good = buildUdpConnectionRequest({ address: "127.0.0.1", port, ...creds });
    // from the STUN server's socket, three times (as the ACS sends it)
    await server.send(good, { address: "127.0.0.1", port }, 3);
    await until(() => requests.length === 1);
    await server.send(buildUdpConnectionRequest({ address: "127.0.0.1", port, ...creds, password: "x" }), {
      address: "127.0.0.1",
      port,
    });
    await server.send(Buffer.from("GET nonsense"), { address: "127.0.0.1", port });
    await until(() => c.counters.udpIgnored >= 4);
    expect(requests).toHaveLength(1);
    expect(c.counters.udpAccepted).toBe(1);
  });
});

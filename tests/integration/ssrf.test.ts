// SSRF through the ConnectionRequestURL a CPE reports: waking a device must not make the ACS connect to
// loopback, link-local (cloud metadata), multicast or unspecified addresses, nor to its own listeners,
// unless CONNECTION_REQUEST_ALLOWED_NETWORKS allows the network (own listeners: never). Refused targets
// get no connection at all. With the allowance, a loopback CPE is reached; a CPE that offers only Basic
// over http gets no credentials; CONNECTION_REQUEST_REQUIRE_SOURCE_MATCH keeps requests to the
// address the device's Informs come from. Every listener here is on loopback.
import net from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../server/db";
import { wakeDevice } from "../../server/devices/wake";
import {
  ScriptedCpe,
  makeInform,
  answerProvisioning,
  withConnectionRequestUrl,
} from "../support/scripted-cpe";
import { startTestServer, type TestServer } from "../support/test-server";

const listeners: net.Server[] = [];
afterEach(async () => {
  await Promise.all(listeners.splice(0).map((l) => new Promise((r) => l.close(r))));
});

interface Listener {
  url: (path?: string) => string;
  /** Raw requests received (one per connection). */
  requests: string[];
  connections: () => number;
}

/** A connection-request listener that answers every request with `answer(request)`. */
async function crListener(host: string, answer: (request: string) => string): Promise<Listener> {
  const requests: string[] = [];
  let connections = 0;
  const server = net.createServer((socket) => {
    connections++;
    let buffer = "";
    socket.on("error", () => {});
    socket.on("data", (chunk: Buffer) => {
      buffer += chunk.toString("latin1");
      if (!buffer.includes("\r\n\r\n")) return;
      requests.push(buffer);
      socket.end(answer(buffer));
    });
  });
  listeners.push(server);
  await new Promise<void>((r) => server.listen(0, host, r));
  const port = (server.address() as net.AddressInfo).port;
  const shown = host.includes(":") ? `[${host}]` : host;
  return {
    url: (path = "/cr") => `http://${shown}:${port}${path}`,
    requests,
    connections: () => connections,
  };
}

/** First contact reporting `crUrl`; answers the bootstrap RPCs; returns the device id. */
async function bootstrap(server: TestServer, serial: string, crUrl: string): Promise<number> {
  const cpe = new ScriptedCpe(server.cwmpUrl);
  await cpe.inform(withConnectionRequestUrl(makeInform(serial, ["0 BOOTSTRAP", "1 BOOT"]), crUrl));
  expect((await answerProvisioning(cpe)).status).toBe(204);
  cpe.close();
  return (await db().device.findFirstOrThrow({ where: { serialNumber: serial } })).id;
}

const ok = () => "HTTP/1.1 204 No Content\r\n\r\n";

describe("without CONNECTION_REQUEST_ALLOWED_NETWORKS", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ CONNECTION_REQUEST_ALLOWED_NETWORKS: "" });
  });
  afterAll(async () => {
    await server?.close();
  });

  it("sends nothing to CPE listeners on loopback (IPv4 and IPv6)", async () => {
    const v4 = await crListener("127.0.0.1", ok);
    const v6 = await crListener("::1", ok);
    for (const [serial, listener, kind] of [
      ["SSRF-LO4", v4, "loopback address \\(127\\.0\\.0\\.1:"],
      ["SSRF-LO6", v6, "loopback address \\(\\[::1\\]:"],
    ] as const) {
      const deviceId = await bootstrap(server, serial, listener.url());
      expect(await wakeDevice(deviceId)).toEqual({
        ok: false,
        refused: true,
        reason: expect.stringMatching(new RegExp(kind)) as unknown,
      });
      expect(listener.connections()).toBe(0);
    }
  });

  it.each([
    // Loopback spellings only (tests never name another address, even one refused before connecting);
    // link-local and multicast are classified by the same code, covered in address-guard.test.ts.
    ["SSRF-ZERO", "http://0.0.0.0:7547/cr", "unspecified"],
    ["SSRF-DEC", "http://2130706433:7547/cr", "loopback"],
    ["SSRF-SHORT", "http://127.1:7547/cr", "loopback"],
    ["SSRF-MAPPED", "http://[::ffff:127.0.0.1]:7547/cr", "loopback"],
  ])("refuses %s (%s) before connecting", async (serial, url, kind) => {
    const deviceId = await bootstrap(server, serial, url);
    // The address guard's verdict (refused, naming the kind of address), not a failed connection
    // attempt ("connect ECONNREFUSED", or the deadline's "no complete answer").
    expect(await wakeDevice(deviceId)).toEqual({
      ok: false,
      refused: true,
      reason: expect.stringMatching(new RegExp(`an? ${kind} address`)) as unknown,
    });
  });

  it("refuses the ACS's own CWMP listener", async () => {
    const own = new URL(server.cwmpUrl);
    const deviceId = await bootstrap(server, "SSRF-SELF", `http://127.0.0.1:${own.port}/`);
    expect(await wakeDevice(deviceId)).toMatchObject({ ok: false, refused: true });
  });
});

describe("with CONNECTION_REQUEST_ALLOWED_NETWORKS=127.0.0.0/8", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ CONNECTION_REQUEST_ALLOWED_NETWORKS: "127.0.0.0/8" });
  });
  afterAll(async () => {
    await server?.close();
  });

  it("reaches a loopback CPE, but still not ::1, the unspecified address nor the ACS's own listener", async () => {
    const listener = await crListener("127.0.0.1", ok);
    expect(await wakeDevice(await bootstrap(server, "ALLOW-LO", listener.url()))).toEqual({
      ok: true,
      status: 204,
    });
    expect(listener.connections()).toBe(1);

    const v6 = await crListener("::1", ok);
    expect(await wakeDevice(await bootstrap(server, "ALLOW-LO6", v6.url()))).toMatchObject({
      ok: false,
      refused: true,
    });
    expect(v6.connections()).toBe(0);
    expect(await wakeDevice(await bootstrap(server, "ALLOW-ZERO", "http://0.0.0.0:7547/"))).toMatchObject({
      ok: false,
      refused: true,
    });

    const own = new URL(server.cwmpUrl);
    expect(await wakeDevice(await bootstrap(server, "ALLOW-SELF", `http://127.0.0.1:${own.port}/`))).toEqual({
      ok: false,
      refused: true,
      reason: `ConnectionRequestURL points to the ACS's own listener (127.0.0.1:${own.port}); refused`,
    });
  });

  it("gives a CPE that offers only Basic over http no credentials", async () => {
    const listener = await crListener("127.0.0.1", () =>
      ["HTTP/1.1 401 Unauthorized", 'WWW-Authenticate: Basic realm="cpe"', "", ""].join("\r\n"),
    );
    const deviceId = await bootstrap(server, "BASIC-ONLY", listener.url());
    expect(await wakeDevice(deviceId)).toEqual({
      ok: false,
      status: 401,
      refused: true,
      reason: expect.stringContaining(
        "CPE offers only Basic authentication; credentials are not sent",
      ) as unknown,
    });
    expect(listener.requests).toHaveLength(1);
    expect(listener.requests[0]).not.toMatch(/^authorization:/im);
  });
});

describe("with CONNECTION_REQUEST_REQUIRE_SOURCE_MATCH", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ CONNECTION_REQUEST_REQUIRE_SOURCE_MATCH: "true" });
  });
  afterAll(async () => {
    await server?.close();
  });

  it("sends only to the address the Informs came from (127.0.0.1 here)", async () => {
    const same = await crListener("127.0.0.1", ok);
    expect(await wakeDevice(await bootstrap(server, "SRC-SAME", same.url()))).toEqual({
      ok: true,
      status: 204,
    });
    const other = await crListener("127.0.0.2", ok);
    expect(await wakeDevice(await bootstrap(server, "SRC-OTHER", other.url()))).toEqual({
      ok: false,
      refused: true,
      reason: expect.stringContaining(
        "127.0.0.2 is not the device's Inform source address 127.0.0.1",
      ) as unknown,
    });
    expect(other.connections()).toBe(0);
  });
});

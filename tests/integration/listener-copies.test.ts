// More accepts per event-loop turn (server/cwmp/transport/listener-copies.ts). While the node's loop
// turns slowly (20 ms of work per turn, as in a boot storm), a storm of Informs from another process is
// answered only as fast as connections are accepted: one per turn with one descriptor, up to 17 per
// turn with 16 copies. The copies keep the listen backlog, serve sessions like the original, and stop
// with the server.
import { execFileSync, spawn } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { serializeEnvelope } from "../../server/cwmp/soap";
import { ScriptedCpe, makeInform } from "../support/scripted-cpe";
import type { RawRequest, RawResponse } from "../support/raw-http-process";
import { startTestServer, waitFor, type TestServer } from "../support/test-server";

const CONNECTIONS = 600;
const SLOW_MS = 3000;
const TURN_MS = 20;

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function informRequest(port: number, serial: string): string {
  const body = serializeEnvelope({
    cwmpNamespace: "urn:dslforum-org:cwmp-1-0",
    version: "1.0",
    header: { id: "1" },
    body: makeInform(serial, ["1 BOOT"]),
  });
  return (
    `POST / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: text/xml; charset=utf-8\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`
  );
}

/** Informs from another process while this one (the node) turns its loop every TURN_MS for SLOW_MS. */
async function stormWhileSlow(port: number): Promise<RawResponse[]> {
  const requests: RawRequest[] = Array.from({ length: CONNECTIONS }, (_, i) => ({
    name: String(i),
    port,
    chunks: [informRequest(port, `COPY-${i}`)],
  }));
  const child = spawn(
    process.execPath,
    ["--import", "tsx", path.resolve("tests/support/raw-http-process.ts")],
    {
      stdio: ["pipe", "pipe", "inherit"],
    },
  );
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let out = "";
  child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
  child.stdin.write(`${JSON.stringify(requests)}\n`);
  await waitFor(() => Promise.resolve(out.includes("ready\n")), 20_000, 20);
  child.stdin.write("go\n");
  const until = Date.now() + SLOW_MS;
  await new Promise<void>((resolve) => {
    const turn = (): void => {
      const busyUntil = Date.now() + TURN_MS;
      while (Date.now() < busyUntil) {
        /* a turn's work */
      }
      if (Date.now() < until) setImmediate(turn);
      else resolve();
    };
    setImmediate(turn);
  });
  await exited;
  return JSON.parse(out.slice(out.indexOf("\n") + 1)) as RawResponse[];
}

async function fullNode(acceptsPerTurn: number): Promise<{ port: number }> {
  server = await startTestServer({
    CWMP_ACCEPTS_PER_TURN: String(acceptsPerTurn),
    CWMP_MAX_SESSIONS: "1",
    // Refused at once: the test counts how many refusals get out, not how long one waits in line.
    CWMP_ADMISSION_QUEUE: "0",
  });
  await server.cwmpListenerCopies.ready;
  expect(server.cwmpListenerCopies.count).toBe(acceptsPerTurn - 1);
  const port = Number(new URL(server.cwmpUrl).port);
  // The node's one session is taken: every Inform of the storm is refused (503).
  const holder = new ScriptedCpe(server.cwmpUrl);
  expect((await holder.inform(makeInform("HOLDER", ["1 BOOT"]))).status).toBe(200);
  return { port };
}

function answeredWhileSlow(responses: RawResponse[]): number {
  return responses.filter((r) => r.status === 503 && r.ms < SLOW_MS).length;
}

describe("CWMP listener copies", () => {
  it("accept a storm many connections per turn of a busy loop; one descriptor takes one", async () => {
    const many = await fullNode(17);
    const withCopies = answeredWhileSlow(await stormWhileSlow(many.port));
    await server!.close();
    server = undefined;
    const one = await fullNode(1);
    const alone = answeredWhileSlow(await stormWhileSlow(one.port));
    // ~150 turns in SLOW_MS: one descriptor refuses at most one Inform per turn.
    expect(alone).toBeLessThan(CONNECTIONS / 2);
    expect(withCopies).toBeGreaterThanOrEqual(CONNECTIONS * 0.9);
  }, 120_000);

  it("keep the listen backlog, serve a whole session, and close with the server", async () => {
    server = await startTestServer({ CWMP_ACCEPTS_PER_TURN: "8" });
    await server.cwmpListenerCopies.ready;
    expect(server.cwmpListenerCopies.count).toBe(7);
    const port = Number(new URL(server.cwmpUrl).port);
    // Each copy's listen() sets the backlog: still the listener's own (capped by net.core.somaxconn).
    const somaxconn = Number(execFileSync("sysctl", ["-n", "net.core.somaxconn"]).toString());
    const listening = execFileSync("ss", ["-ltnH", `sport = :${port}`])
      .toString()
      .trim()
      .split(/\s+/);
    expect(Number(listening[2])).toBe(Math.min(16_384, somaxconn));
    // Sessions on connections any descriptor accepted: 20 CPEs, each its own connection.
    const cpes = Array.from({ length: 20 }, () => new ScriptedCpe(server!.cwmpUrl));
    const answers = await Promise.all(
      cpes.map((cpe, i) => cpe.inform(makeInform(`SESSION-${i}`, ["1 BOOT"]))),
    );
    expect(answers.every((a) => a.status === 200)).toBe(true);
    for (const cpe of cpes) cpe.close();
    await server.close();
    server = undefined;
    // No descriptor of the socket is left open in this process: the port refuses connections.
    const refused = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ host: "127.0.0.1", port });
      socket.once("connect", () => {
        socket.destroy();
        resolve(false);
      });
      socket.once("error", () => resolve(true));
    });
    expect(refused).toBe(true);
  }, 60_000);
});

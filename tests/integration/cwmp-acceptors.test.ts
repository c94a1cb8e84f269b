// The CWMP listener's acceptor processes (server/cwmp/transport/acceptors.ts): while the node's event
// loop is blocked (as in a boot storm, where it is busy with its sessions), the acceptor still takes
// every connection; a full node's new sessions are refused by it at once with 503 + Retry-After, and
// everything else (a session continuing on a new connection, a request that is not a new session, a
// new session once there is room) reaches the node with every byte. A killed acceptor is replaced;
// closing the server stops them.
import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serializeEnvelope } from "../../server/cwmp/soap";
import type { CpeRequest, CpeResponse } from "../../server/cwmp/soap/types";
import { ScriptedCpe, answerProvisioning, makeInform } from "../support/scripted-cpe";
import type { RawRequest, RawResponse } from "../support/raw-http-process";
import { startTestServer, waitFor, type TestServer } from "../support/test-server";

const BLOCK_MS = 1500;

let server: TestServer;
let port: number;
let closed = false;

function envelope(body: CpeRequest | CpeResponse, id = "1"): string {
  return serializeEnvelope({
    cwmpNamespace: "urn:dslforum-org:cwmp-1-0",
    version: "1.0",
    header: { id },
    body,
  });
}

function post(body: string, headers: Record<string, string> = {}): string {
  const extra = Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`);
  return (
    `POST / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: text/xml; charset=utf-8\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\n${extra.join("")}\r\n${body}`
  );
}

/** Sends `requests` from another process while this one (the node) is blocked for BLOCK_MS. */
async function whileNodeBlocked(requests: RawRequest[]): Promise<Map<string, RawResponse>> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", path.resolve("tests/support/raw-http-process.ts")],
    {
      env: { ...process.env, RAW_REQUESTS: JSON.stringify(requests) },
      stdio: ["pipe", "pipe", "inherit"],
    },
  );
  let out = "";
  child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
  await waitFor(() => Promise.resolve(out.includes("ready\n")), 20_000, 20);
  child.stdin.write("go\n");
  // The client's connections are made and its requests sent while this loop does nothing at all.
  const until = Date.now() + BLOCK_MS;
  while (Date.now() < until) {
    /* blocked, like a node busy with a storm's sessions */
  }
  await new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const responses = JSON.parse(out.slice(out.indexOf("\n") + 1)) as RawResponse[];
  return new Map(responses.map((r) => [r.name, r]));
}

/** Opens a session that stays open (Inform answered, the CPE's empty POST not sent yet). */
async function openSession(serial: string): Promise<ScriptedCpe> {
  const cpe = new ScriptedCpe(server.cwmpUrl);
  const answer = await cpe.inform(makeInform(serial, ["1 BOOT"]));
  expect(answer.status).toBe(200);
  return cpe;
}

beforeAll(async () => {
  server = await startTestServer({ CWMP_ACCEPTORS: "1", CWMP_MAX_SESSIONS: "2" });
  port = Number(new URL(server.cwmpUrl).port);
  // Known devices: their sessions open without first-contact provisioning.
  for (const serial of ["ACC-1", "ACC-2", "ACC-3", "ACC-4"]) {
    const cpe = new ScriptedCpe(server.cwmpUrl);
    await cpe.inform(makeInform(serial, ["0 BOOTSTRAP", "1 BOOT"]));
    expect((await answerProvisioning(cpe)).status).toBe(204);
    cpe.close();
  }
  await waitFor(() => Promise.resolve(server.cwmpAcceptors?.stats().ready === 1));
}, 60_000);

afterAll(async () => {
  if (!closed) await server?.close();
});

describe("CWMP acceptor processes", () => {
  it("refuse a full node's new sessions themselves and pass continuing sessions on with every byte", async () => {
    const first = await openSession("ACC-1");
    const second = await openSession("ACC-2");
    // The acceptor learns that the node is full (state every 25 ms).
    await new Promise((r) => setTimeout(r, 200));
    const refusedBefore = server.cwmpAcceptors!.stats().refused;
    const cookie = first.sessionCookie!;
    const inform = post(envelope(makeInform("ACC-3", ["2 PERIODIC"])));
    // The continuing session's empty POST, its head split over two packets 100 ms apart.
    const continued = `POST / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nCookie: ${cookie}\r\nContent-Length: 0\r\n\r\n`;
    const responses = await whileNodeBlocked([
      { name: "new session", port, chunks: [inform] },
      { name: "new session, slow head", port, chunks: [inform.slice(0, 40), inform.slice(40)], gapMs: 100 },
      { name: "continuing session", port, chunks: [continued.slice(0, 30), continued.slice(30)], gapMs: 100 },
      { name: "not a POST", port, chunks: [`GET / HTTP/1.1\r\nHost: x\r\n\r\n`] },
    ]);
    for (const name of ["new session", "new session, slow head"]) {
      const refused = responses.get(name)!;
      expect(refused.status, name).toBe(503);
      expect(Number(refused.headers["retry-after"]), name).toBeGreaterThanOrEqual(1);
      expect(refused.headers.connection, name).toBe("close");
      // Answered while the node's loop was blocked: by the acceptor.
      expect(refused.ms, name).toBeLessThan(BLOCK_MS);
    }
    const continuing = responses.get("continuing session")!;
    expect(continuing.status).toBe(204);
    expect(continuing.ms).toBeGreaterThanOrEqual(BLOCK_MS - 50);
    expect(responses.get("not a POST")!.status).toBe(405);
    await waitFor(() => Promise.resolve(server.cwmpAcceptors!.stats().refused >= refusedBefore + 2));
    // The first CPE's session ended with that 204; the second ends now.
    expect((await second.empty()).status).toBe(204);
    first.close();
    second.close();
  }, 60_000);

  it("pass new sessions on, body and all, when the node has room", async () => {
    await waitFor(() => Promise.resolve(server.cwmp.engine.sessions.size === 0));
    await new Promise((r) => setTimeout(r, 200));
    const passedBefore = server.cwmpAcceptors!.stats().passed;
    const inform = post(envelope(makeInform("ACC-4", ["2 PERIODIC"], {})));
    const responses = await whileNodeBlocked([
      { name: "inform", port, chunks: [inform.slice(0, 100), inform.slice(100)], gapMs: 50 },
    ]);
    const answer = responses.get("inform")!;
    expect(answer.status).toBe(200);
    expect(answer.body).toContain("InformResponse");
    expect(server.cwmpAcceptors!.stats().passed).toBeGreaterThan(passedBefore);
  }, 60_000);

  it("is started again when it dies, and stopped with the server", async () => {
    const [pid] = server.cwmpAcceptors!.stats().pids;
    expect(pid).toBeDefined();
    process.kill(pid!, "SIGKILL");
    await waitFor(() => {
      const stats = server.cwmpAcceptors!.stats();
      return Promise.resolve(stats.ready === 1 && stats.pids[0] !== pid);
    }, 20_000);
    const [replacement] = server.cwmpAcceptors!.stats().pids;
    closed = true;
    await server.close();
    const alive = (p: number): boolean => {
      try {
        process.kill(p, 0);
        return true;
      } catch {
        return false;
      }
    };
    await waitFor(() => Promise.resolve(!alive(replacement!)), 10_000);
  }, 60_000);
});

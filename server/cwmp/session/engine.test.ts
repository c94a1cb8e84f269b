import pino from "pino";
import { describe, expect, it, vi } from "vitest";
import { parseEnvelope } from "../soap";
import type { Envelope, FromCpe, InformRequest } from "../soap/types";
import { SessionEngine } from "./engine";
import { MemoryBackend } from "./memory-backend";

const log = pino({ level: "silent" });

function inform(serial: string, productClass = "STB"): Envelope<FromCpe> {
  const body: InformRequest = {
    name: "Inform",
    deviceId: { manufacturer: "M", oui: "001122", productClass, serialNumber: serial },
    events: [{ eventCode: "2 PERIODIC", commandKey: "" }],
    maxEnvelopes: 1,
    currentTime: "2026-01-01T00:00:00Z",
    retryCount: 0,
    parameterList: [],
  };
  return envelope(body, "i1");
}

function envelope(body: FromCpe, id?: string): Envelope<FromCpe> {
  return { cwmpNamespace: "urn:dslforum-org:cwmp-1-0", version: "1.0", header: id ? { id } : {}, body };
}

function setup() {
  const backend = new MemoryBackend();
  const engine = new SessionEngine(backend, { sessionTimeoutMs: 30_000, log });
  /** A session of `serial` with a Reboot outstanding. */
  async function withRpc(serial: string, productClass = "STB") {
    const session = engine.newSession(inform(serial), "127.0.0.1");
    expect((await engine.handle(session, inform(serial, productClass))).status).toBe(200);
    const taskId = backend.queueTask({ name: "Reboot", commandKey: "k" });
    const rpc = await engine.handle(session, null);
    expect(rpc.status).toBe(200);
    return { session, taskId, requestId: rpc.body ? parseEnvelope(rpc.body).header.id : undefined };
  }
  return { backend, engine, withRpc };
}

describe("session engine", () => {
  it("takes over its own session that holds the lock (holder) and counts the attempt", async () => {
    const { backend, engine, withRpc } = setup();
    const { session: old, taskId } = await withRpc("S1");
    // Same device for the backend, another identity spelling: found only through the lock holder.
    const fresh = engine.newSession(inform("S1", "stb"), "127.0.0.1");
    const reply = await engine.handle(fresh, inform("S1", "stb"));
    expect(reply.status).toBe(200);
    expect(backend.calls.filter((c) => c.call === "begin").map((c) => c.result)).toEqual([
      "ok",
      "locked",
      "ok",
    ]);
    expect(backend.calls).toContainEqual({
      call: "abandon",
      sessionId: old.id,
      reason: "new Inform",
      failed: { taskId, message: "CPE sent a new Inform instead of the answer" },
    });
    expect(engine.sessions.has(old.id)).toBe(false);
  });

  it("refuses with 503 when the holder is busy or not one of its sessions", async () => {
    const { backend, engine, withRpc } = setup();
    const { session } = await withRpc("S2");
    session.busy = true;
    const refused = await engine.handle(engine.newSession(inform("S2"), ""), inform("S2", "stb"));
    expect(refused.status).toBe(503);
    // The default policy: 10 s plus up to 20 s of jitter (admission-control.ts).
    expect(Number(refused.headers?.["Retry-After"])).toBeGreaterThanOrEqual(10);
    expect(Number(refused.headers?.["Retry-After"])).toBeLessThanOrEqual(30);
    session.busy = false;
    backend.locks.set(1, "another-process");
    const foreign = await engine.handle(engine.newSession(inform("S2"), ""), inform("S2", "x"));
    expect(foreign.status).toBe(503);
  });

  it("takes the lock from a dead session of this node (release failed while the database was away)", async () => {
    const { backend, engine } = setup();
    // The lock says: held by session "lost" of this node; no such session lives in this process.
    expect((await engine.handle(engine.newSession(inform("S5"), ""), inform("S5"))).status).toBe(200);
    backend.locks.set(1, "lost");
    backend.heldByThisNode.add("lost");
    const reply = await engine.handle(engine.newSession(inform("S5"), ""), inform("S5"));
    expect(reply.status).toBe(200);
    expect(backend.calls.filter((c) => c.call === "begin").map((c) => c.result)).toEqual([
      "ok",
      "locked",
      "ok",
    ]);
    // Another node's lock, or one of ours that still lives, is not taken.
    backend.locks.set(1, "elsewhere");
    const foreign = await engine.handle(engine.newSession(inform("S5"), ""), inform("S5"));
    expect(foreign.status).toBe(503);
  });

  it("an Inform of the same device supersedes the old session before taking the lock", async () => {
    const { backend, engine, withRpc } = setup();
    const { session: old, taskId } = await withRpc("S3");
    backend.reportHolder = false;
    expect((await engine.handle(engine.newSession(inform("S3"), ""), inform("S3"))).status).toBe(200);
    expect(backend.calls).toContainEqual({
      call: "abandon",
      sessionId: old.id,
      reason: "new Inform",
      failed: { taskId, message: "CPE sent a new Inform instead of the answer" },
    });
  });

  it("fails the task on a mismatched answer, releases without an attempt, replies 204", async () => {
    const { backend, engine, withRpc } = setup();
    const { session, taskId, requestId } = await withRpc("S4");
    const reply = await engine.handle(session, envelope({ name: "FactoryResetResponse" }, requestId));
    expect(reply).toEqual({ status: 204, ended: true });
    expect(backend.calls.slice(-2)).toEqual([
      {
        call: "fail",
        taskId,
        message: "invalid response: expected RebootResponse or a Fault, got FactoryResetResponse",
      },
      { call: "abandon", sessionId: session.id, reason: "invalid response" },
    ]);
  });

  it("echoes the CPE's cwmp:ID in its faults", async () => {
    const { engine } = setup();
    const session = engine.newSession(inform("S5"), "");
    const reply = await engine.handle(session, envelope({ name: "GetRPCMethods" }, "cpe-id-9"));
    expect(reply.status).toBe(400);
    expect(parseEnvelope(reply.body ?? "").header.id).toBe("cpe-id-9");
  });

  it("while draining: refuses new Informs, takes outstanding answers, sends nothing new", async () => {
    const { backend, engine, withRpc } = setup();
    const { session, taskId, requestId } = await withRpc("S6");
    backend.queueTask({ name: "FactoryReset" });
    engine.drain();
    expect(engine.outstanding()).toBe(1);
    expect((await engine.handle(engine.newSession(inform("S7"), ""), inform("S7"))).status).toBe(503);
    const reply = await engine.handle(session, envelope({ name: "RebootResponse" }, requestId));
    expect(reply).toEqual({ status: 204, ended: true });
    expect(backend.calls.slice(-2)).toEqual([
      { call: "complete", taskId, answer: "RebootResponse" },
      { call: "abandon", sessionId: session.id, reason: "shutdown" },
    ]);
    expect(engine.outstanding()).toBe(0);
  });

  it("releases at shutdown without counting attempts", async () => {
    const { backend, engine, withRpc } = setup();
    const { session } = await withRpc("S8");
    await engine.abandonAll();
    expect(backend.calls.at(-1)).toEqual({ call: "abandon", sessionId: session.id, reason: "shutdown" });
  });

  it("gives the CPE the whole session timeout after a reply the store was slow to produce", async () => {
    const { backend, engine } = setup();
    const session = engine.newSession(inform("S9"), "127.0.0.1");
    expect((await engine.handle(session, inform("S9"))).status).toBe(200);
    backend.queueTask({ name: "Reboot", commandKey: "k" });
    // The next step waits 40 s on the store (a loaded database): the request came in at t, the
    // Reboot leaves at t + 40 s.
    const t = Date.now();
    const clock = vi.spyOn(Date, "now").mockReturnValue(t);
    const next = backend.nextTaskOrRelease.bind(backend);
    backend.nextTaskOrRelease = (deviceId, sessionId) => {
      clock.mockReturnValue(t + 40_000);
      return next(deviceId, sessionId);
    };
    try {
      expect((await engine.handle(session, null)).status).toBe(200);
    } finally {
      clock.mockRestore();
    }
    expect(await engine.sweep(t + 41_000)).toBe(0);
    expect(engine.sessions.has(session.id)).toBe(true);
    expect(await engine.sweep(t + 71_000)).toBe(1);
  });
});

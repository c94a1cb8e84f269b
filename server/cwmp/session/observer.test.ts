// The engine tells its observer how each session ended (the /metrics counters) and names each session
// in its log lines by a reqId that is not the session cookie.
import pino from "pino";
import { describe, expect, it } from "vitest";
import type { SessionOutcome } from "../observer";
import type { Envelope, FromCpe, InformRequest } from "../soap/types";
import { SessionEngine } from "./engine";
import { MemoryBackend } from "./memory-backend";

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
  return { cwmpNamespace: "urn:dslforum-org:cwmp-1-0", version: "1.0", header: { id: "i1" }, body };
}

function setup() {
  const lines: Record<string, unknown>[] = [];
  const log = pino({ level: "info" }, { write: (line: string) => lines.push(JSON.parse(line) as never) });
  const ended: SessionOutcome[] = [];
  const backend = new MemoryBackend();
  const engine = new SessionEngine(backend, {
    sessionTimeoutMs: 30_000,
    log,
    observer: { sessionEnded: (outcome, ms) => (expect(ms).toBeGreaterThanOrEqual(0), ended.push(outcome)) },
  });
  return { backend, engine, ended, lines };
}

describe("session observer", () => {
  it("reports a session that ran out of work as completed, once", async () => {
    const { engine, ended } = setup();
    const session = engine.newSession(inform("C1"), "127.0.0.1");
    expect((await engine.handle(session, inform("C1"))).status).toBe(200);
    expect((await engine.handle(session, null)).status).toBe(204);
    await engine.abandonAll();
    expect(ended).toEqual(["completed"]);
  });

  it("reports a timed-out session as failed and logs it with its reqId, not its cookie", async () => {
    const { backend, engine, ended, lines } = setup();
    const session = engine.newSession(inform("F1"), "127.0.0.1");
    await engine.handle(session, inform("F1"));
    backend.queueTask({ name: "Reboot", commandKey: "k" });
    expect((await engine.handle(session, null)).status).toBe(200);
    expect(await engine.sweep(Date.now() + 60_000)).toBe(1);
    expect(ended).toEqual(["failed"]);
    const timedOut = lines.find((l) => l.msg === "session timed out");
    expect(timedOut?.reqId).toBe(session.reqId);
    expect(session.reqId).toMatch(/^[0-9a-f]{16}$/);
    expect(JSON.stringify(lines)).not.toContain(session.id);
  });

  it("reports an Inform refused with 503 as refused", async () => {
    const { backend, engine, ended } = setup();
    const holder = engine.newSession(inform("R1"), "127.0.0.1");
    await engine.handle(holder, inform("R1"));
    backend.queueTask({ name: "Reboot", commandKey: "k" });
    await engine.handle(holder, null);
    holder.busy = true;
    const refused = await engine.handle(engine.newSession(inform("R1"), ""), inform("R1", "stb"));
    expect(refused.status).toBe(503);
    expect(ended).toEqual(["refused"]);
  });
});

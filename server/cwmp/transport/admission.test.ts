// Back-pressure through the real listener: a boot storm beyond the node's session limit is refused
// with 503 + varied Retry-After, while the sessions already admitted run to their end.
import type { AddressInfo } from "node:net";
import pino from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { ScriptedCpe, makeInform } from "../../../tests/support/scripted-cpe";
import { AdmissionControl } from "../session/admission-control";
import { onSessionEnded } from "../session/live-sessions";
import { MemoryBackend } from "../session/memory-backend";
import { createCwmpServer, MAX_WAITING_BODY_BYTES, type CwmpServer } from "./server";

const LIMIT = 4;
const running: { server: CwmpServer; cpes: ScriptedCpe[] }[] = [];
const unsubscribers: (() => void)[] = [];

async function start(maxRetryAfterSeconds?: number, line?: { capacity: number; maxWaitMs: number }) {
  const backend = new MemoryBackend();
  const admission = new AdmissionControl({
    maxSessions: LIMIT,
    retryAfter: { baseSeconds: 10, spreadSeconds: 50 },
    ...(maxRetryAfterSeconds !== undefined ? { maxRetryAfterSeconds } : {}),
    ...(line ? { line } : {}),
  });
  // As start.ts does: each session's end hands its slot on.
  unsubscribers.push(onSessionEnded(() => admission.sessionEnded()));
  const server = createCwmpServer({
    backend,
    auth: { mode: "none", realm: "r", nonceKey: "k", nonceMaxAgeMs: 60_000 },
    maxBodyBytes: 1 << 20,
    sessionTimeoutMs: 30_000,
    log: pino({ level: "silent" }),
    admission,
  });
  await new Promise<void>((resolve) => server.server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}/`;
  const entry = { server, cpes: [] as ScriptedCpe[] };
  running.push(entry);
  const cpe = (): ScriptedCpe => {
    const c = new ScriptedCpe(url);
    entry.cpes.push(c);
    return c;
  };
  return { backend, admission, server, cpe };
}

/** A listener with a waiting line of 6 (20 s), its LIMIT sessions all taken by periodic Informs. */
async function fullWithLine(prefix: string) {
  const started = await start(undefined, { capacity: 6, maxWaitMs: 20_000 });
  for (let i = 0; i < LIMIT; i++)
    expect((await started.cpe().inform(makeInform(`${prefix}-${i}`, ["2 PERIODIC"]))).status).toBe(200);
  return started;
}

afterEach(async () => {
  for (const { server, cpes } of running.splice(0)) {
    for (const c of cpes) c.close();
    await server.close();
  }
  for (const unsubscribe of unsubscribers.splice(0)) unsubscribe();
});

describe("CWMP admission under a boot storm", () => {
  it("refuses Informs beyond the limit with jittered Retry-After; admitted sessions finish", async () => {
    const { backend, admission, cpe } = await start();
    const admitted = Array.from({ length: LIMIT }, () => cpe());
    const first = await Promise.all(
      admitted.map((c, i) => c.inform(makeInform(`IN-${i}`, ["0 BOOTSTRAP", "1 BOOT"]))),
    );
    expect(first.map((a) => a.status)).toEqual(Array(LIMIT).fill(200));

    // The storm: 60 more devices at once, while the first ones are still mid-session.
    const storm = await Promise.all(
      Array.from({ length: 60 }, (_, i) => cpe().inform(makeInform(`OUT-${i}`, ["0 BOOTSTRAP", "1 BOOT"]))),
    );
    expect(storm.map((a) => a.status)).toEqual(Array(60).fill(503));
    const waits = storm.map((a) => Number(a.headers["retry-after"]));
    for (const w of waits) {
      expect(Number.isInteger(w)).toBe(true);
      expect(w).toBeGreaterThanOrEqual(10);
      expect(w).toBeLessThanOrEqual(60);
    }
    // Jitter: 60 draws over 51 seconds do not bunch in a few values.
    expect(new Set(waits).size).toBeGreaterThan(20);
    expect(admission.refused).toBe(60);
    // Refused before anything was recorded: the backend never saw them.
    expect(backend.calls.filter((c) => c.call === "begin")).toHaveLength(LIMIT);
    // ... and before parsing: outside a session, a full node does not even read the XML (a 400 else).
    expect((await cpe().post("<soap:Envelope><unfinished")).status).toBe(503);

    // The admitted sessions continue at the limit: one gets a task and answers it, all end with 204.
    const taskId = backend.queueTask({ name: "Reboot", commandKey: "storm" });
    const rpc = await admitted[0]!.empty();
    expect(rpc.envelope?.body.name).toBe("Reboot");
    const done = await admitted[0]!.send({ name: "RebootResponse" }, rpc.envelope?.header.id);
    expect(done.status).toBe(204);
    expect(backend.calls).toContainEqual({ call: "complete", taskId, answer: "RebootResponse" });
    const ends = await Promise.all(admitted.slice(1).map((c) => c.empty()));
    expect(ends.map((a) => a.status)).toEqual(Array(LIMIT - 1).fill(204));

    // Room again: a refused device's retry is admitted.
    expect((await cpe().inform(makeInform("OUT-0", ["0 BOOTSTRAP", "1 BOOT"]))).status).toBe(200);
  });

  it("with a storm maximum, schedules the refused in the order they came, at the rate it admits", async () => {
    const { cpe } = await start(600);
    const admitted = Array.from({ length: LIMIT }, () => cpe());
    for (const [i, c] of admitted.entries())
      expect((await c.inform(makeInform(`SA-${i}`, ["0 BOOTSTRAP", "1 BOOT"]))).status).toBe(200);
    // One after the other, so the order of refusal is known.
    const waits: number[] = [];
    for (let i = 0; i < 60; i++) {
      const reply = await cpe().inform(makeInform(`SQ-${i}`, ["0 BOOTSTRAP", "1 BOOT"]));
      expect(reply.status).toBe(503);
      waits.push(Number(reply.headers["retry-after"]));
    }
    // 4 sessions filled the node just before: scheduled at 4 a second, slots 1.25× that: the 60th
    // refused device comes back ~12 s after the first (+ its jitter), the first 2 s away.
    expect(waits[0]).toBeGreaterThanOrEqual(2);
    expect(waits[0]).toBeLessThanOrEqual(4);
    expect(waits[59]! - waits[0]!).toBeGreaterThanOrEqual(10);
    expect(waits[59]).toBeLessThanOrEqual(120);
    // In order, give or take the jitter (5 %, at least 1 s).
    for (let i = 1; i < waits.length; i++) expect(waits[i]).toBeGreaterThanOrEqual(waits[i - 1]! - 2);
  });

  it("a session's own new Inform on its connection frees its place first (no self-refusal)", async () => {
    const { cpe } = await start();
    const devices = Array.from({ length: LIMIT }, () => cpe());
    for (const [i, d] of devices.entries()) {
      expect((await d.inform(makeInform(`RE-${i}`, ["2 PERIODIC"]))).status).toBe(200);
    }
    // The device rebooted mid-session and informs again on the same connection: a new session,
    // which replaces its old one rather than being counted against it.
    expect((await devices[0]!.inform(makeInform("RE-0", ["1 BOOT"]))).status).toBe(200);
  });

  it("with a waiting line, Informs beyond the limit wait for a session to end instead of a 503", async () => {
    const { backend, admission, cpe } = await start(undefined, { capacity: 6, maxWaitMs: 10_000 });
    const admitted = Array.from({ length: LIMIT }, () => cpe());
    for (const [i, c] of admitted.entries())
      expect((await c.inform(makeInform(`WL-${i}`, ["0 BOOTSTRAP", "1 BOOT"]))).status).toBe(200);
    // 6 wait (the line's capacity), the 7th is refused at once.
    const waiting = Array.from({ length: 6 }, (_, i) => cpe().inform(makeInform(`WW-${i}`, ["1 BOOT"])));
    // The last two still wait when the test ends (their connections are closed then).
    for (const w of waiting.slice(LIMIT)) w.catch(() => undefined);
    await expect.poll(() => admission.waiting).toBe(6);
    const refused = await cpe().inform(makeInform("WX", ["1 BOOT"]));
    expect(refused.status).toBe(503);
    expect(admission.refused).toBe(1);
    expect(backend.calls.filter((c) => c.call === "begin")).toHaveLength(LIMIT);
    // The admitted sessions end (empty POST -> 204): the 4 freed slots go to the first 4 waiting.
    await Promise.all(admitted.map((c) => c.empty()));
    const answers = await Promise.race([
      Promise.all(waiting.slice(0, LIMIT)),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error("not admitted")), 5000)),
    ]);
    expect(answers.map((a) => a.status)).toEqual(Array(LIMIT).fill(200));
    expect(answers.map((a) => a.envelope?.body.name)).toEqual(Array(LIMIT).fill("InformResponse"));
    expect(admission.waiting).toBe(2);
    expect(admission.refused).toBe(1);
  });

  it("a body larger than an Inform never waits in line: 503 at once", async () => {
    const { admission, cpe } = await fullWithLine("WB");
    const started = Date.now();
    const big = await cpe().post(`<x>${"a".repeat(MAX_WAITING_BODY_BYTES)}</x>`);
    expect(big.status).toBe(503);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(admission.waiting).toBe(0);
    expect(admission.refused).toBe(1);
  });

  it("closing the listener answers those waiting with 503 at once", async () => {
    const { server, cpe } = await fullWithLine("WC");
    const waiting = cpe().inform(makeInform("WC-X", ["2 PERIODIC"]));
    await new Promise((r) => setTimeout(r, 100));
    const started = Date.now();
    const [entry] = running.splice(0);
    await server.close();
    expect((await waiting).status).toBe(503);
    expect(Date.now() - started).toBeLessThan(10_000);
    for (const c of entry?.cpes ?? []) c.close();
  });
});

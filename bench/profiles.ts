// `npm run bench:profiles -- [--devices 50] [--sessions 2000] [--rounds 5] [--profiles 20] [--calls 20000]`
// The claim: evaluating profiles for an Inform where nothing is due adds less than 0.2 ms of server CPU.
// One process, one run: the ACS (startTestServer: startServer with web:false, embedded PGlite in
// memory) and simulated CPEs doing steady-state periodic sessions (Inform -> InformResponse, empty
// POST -> 204). CPU is process.cpuUsage() of this process over a bounded number of sessions: (A) no
// enabled profile, (B) N enabled profiles matching every device, all converged (applied at a BOOT, so
// a periodic Inform has nothing due). Rounds alternate A and B (profiles disabled; then enabled and
// applied at a BOOT), A first in odd rounds. PGlite and the load generator run in this process too,
// the same in A and B: the difference is what profiles add. Then profilesOnInform alone, for a
// due-nothing event, in a bounded tight loop.
import { parseArgs } from "node:util";
import { profileSaveSchema } from "../lib/profiles/input";
import type { InformRequest } from "../server/cwmp/soap/types";
import { db } from "../server/db";
import { profilesOnInform, informedDevice } from "../server/profiles/engine";
import { saveProfile, setProfileEnabled } from "../server/profiles/profiles";
import { runSession } from "../sim/session";
import { startTestServer } from "../tests/support/test-server";
import { makeDevices } from "./devices";
import { BenchCpe, runLoad } from "./load";
import { warmUp } from "./warmup";

const { values } = parseArgs({
  options: {
    devices: { type: "string", default: "50" },
    sessions: { type: "string", default: "2000" },
    rounds: { type: "string", default: "5" },
    profiles: { type: "string", default: "20" },
    calls: { type: "string", default: "20000" },
  },
});

function bounded(name: string, raw: string, max: number): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new Error(`--${name} must be an integer 1..${max}`);
  return n;
}
const DEVICES = bounded("devices", values.devices, 500);
const SESSIONS = bounded("sessions", values.sessions, 100_000);
const ROUNDS = bounded("rounds", values.rounds, 20);
const PROFILES = bounded("profiles", values.profiles, 200);
const CALLS = bounded("calls", values.calls, 1_000_000);
/** Each measured round stops at SESSIONS sessions or this much wall time, whichever comes first. */
const ROUND_MS = 120_000;

const out = (line: string) => process.stdout.write(`${line}\n`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** One round: an unmeasured warm-up, then CPU µs per session of this process over SESSIONS sessions. */
async function measure(label: string, cpes: BenchCpe[]): Promise<number> {
  // The warm-up also carries each device's first session after a change of profiles (stamp moves).
  await runLoad(cpes, { durationMs: ROUND_MS, maxSessions: Math.min(SESSIONS, 10 * cpes.length) });
  const before = process.cpuUsage();
  const result = await runLoad(cpes, { durationMs: ROUND_MS, maxSessions: SESSIONS });
  const cpu = process.cpuUsage(before);
  // A session that was not exactly Inform -> 204 means the ACS had work for it: not steady state.
  if (result.errors > 0)
    throw new Error(`${label}: ${result.errors} sessions not steady: ${result.firstErrors.join("; ")}`);
  const perSession = (cpu.user + cpu.system) / result.sessions;
  out(`${label}: ${result.sessions} sessions, ${perSession.toFixed(0)} µs CPU each`);
  return perSession;
}

/** Sessions (with `events` first) until the device's session has no ACS request left; bounded. */
async function settle(device: ReturnType<typeof makeDevices>[number], events: string[]): Promise<boolean> {
  device.sim.addEvents(events.map((eventCode) => ({ eventCode, commandKey: "" })));
  for (let i = 0; i < 6; i++) {
    if (i > 0) device.sim.addEvents([{ eventCode: "2 PERIODIC", commandKey: "" }]);
    const result = await runSession(device.sim, { timeoutMs: 30_000 });
    if (!result.ok) throw new Error(`${device.serial}: ${result.error}`);
    if (i > 0 && result.rpcs === 0) return true;
  }
  return false;
}

// The test server: in-memory PGlite, loopback ports, a throw-away key file, logs silent.
const server = await startTestServer({ CWMP_AUTH: "none", CONNECTION_REQUEST_TIMEOUT_MS: "1000" });
try {
  const devices = makeDevices(DEVICES, server.cwmpUrl);
  const warm = await warmUp(devices.map((d) => d.sim));
  if (warm.notSteady.length > 0)
    throw new Error(`not steady after warm-up: ${warm.notSteady.slice(0, 3).join("; ")}`);
  const cpes = devices.map((d) => new BenchCpe(d, server.cwmpUrl));

  // B: profiles on every device (both roots' path, so each applies whatever the device's root), boot
  // only: applied at a BOOT, and a periodic Inform afterwards has nothing due.
  const op = await db().operator.create({
    data: { username: "bench-profiles", passwordHash: "x", role: "admin" },
  });
  const actor = { id: op.id, username: op.username, role: op.role };
  const ids: number[] = [];
  for (let i = 0; i < PROFILES; i++) {
    const saved = await saveProfile(
      actor,
      null,
      profileSaveSchema.parse({
        name: `Bench ${i + 1}`,
        enabled: false,
        priority: 100 + i,
        definition: {
          triggers: ["boot"],
          parameters: [
            { path: "InternetGatewayDevice.ManagementServer.PeriodicInformInterval", value: "600" },
            { path: "Device.ManagementServer.PeriodicInformInterval", value: "600" },
          ],
        },
      }),
    );
    if (!saved.ok) throw new Error(`profile refused: ${JSON.stringify(saved.refused)}`);
    ids.push(saved.id);
  }

  /** Enable every profile and BOOT every device until its profiles are converged. */
  const converge = async () => {
    for (const id of ids) await setProfileEnabled(actor, id, true);
    const settled = await Promise.all(devices.map((d) => settle(d, ["1 BOOT"])));
    if (settled.includes(false)) throw new Error("a device still had profile work after 6 sessions");
    const converged = await db().deviceProfile.count({ where: { status: "converged" } });
    if (converged !== DEVICES * PROFILES)
      throw new Error(`${converged} of ${DEVICES * PROFILES} device profiles converged`);
  };

  // A and B alternate, A first in odd rounds and B first in even ones, so the process's drift (JIT,
  // heap, other load on the machine) falls on both; each round's difference is taken within the round.
  const without: number[] = [];
  const withProfiles: number[] = [];
  const runA = async (r: number) => {
    for (const id of ids) await setProfileEnabled(actor, id, false);
    without.push(await measure(`A round ${r} (no enabled profile)`, cpes));
  };
  const runB = async (r: number) => {
    await converge();
    const tasksBefore = await db().task.count();
    withProfiles.push(await measure(`B round ${r} (${PROFILES} converged profiles)`, cpes));
    if ((await db().task.count()) !== tasksBefore) throw new Error("B queued tasks: something was due");
  };
  for (let r = 1; r <= ROUNDS; r++) {
    if (r % 2 === 1) {
      await runA(r);
      await runB(r);
    } else {
      await runB(r);
      await runA(r);
    }
  }
  // The direct measurement below needs the profiles enabled and converged.
  if (ROUNDS % 2 === 0) await converge();

  // profilesOnInform alone for one device's due-nothing periodic Inform (the catalog refresh included).
  const device = await informedDevice((await db().device.findFirstOrThrow({ select: { id: true } })).id);
  if (!device) throw new Error("no device");
  const inform = { name: "Inform", events: [{ eventCode: "2 PERIODIC", commandKey: "" }] } as InformRequest;
  const event = { device, inform, codes: new Set(["2 PERIODIC"]), firstContact: false };
  const evaluatedBefore = await db().deviceProfile.aggregate({ _max: { evaluatedAt: true } });
  for (let i = 0; i < Math.min(CALLS, 1000); i++) await profilesOnInform(event);
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  for (let i = 0; i < CALLS; i++) await profilesOnInform(event);
  const wallPerCall = ((performance.now() - started) * 1000) / CALLS;
  const cpuCall = process.cpuUsage(cpuStart);
  const cpuPerCall = (cpuCall.user + cpuCall.system) / CALLS;
  const evaluatedAfter = await db().deviceProfile.aggregate({ _max: { evaluatedAt: true } });
  if (evaluatedAfter._max.evaluatedAt?.getTime() !== evaluatedBefore._max.evaluatedAt?.getTime())
    throw new Error("profilesOnInform evaluated the device: the event was not due-nothing");

  const a = median(without);
  const diff = median(withProfiles.map((x, i) => x - without[i]!));
  const b = median(withProfiles);
  out("");
  out(
    `${DEVICES} devices, ${ROUNDS} rounds of A and B (alternating order), ${SESSIONS} periodic sessions each; medians.`,
  );
  out("CPU is this process's (ACS + embedded PGlite + the load generator, the same in A and B).");
  out("");
  out("| measure | value |");
  out("| --- | ---: |");
  out(`| A: CPU per Inform session, no enabled profile | ${(a / 1000).toFixed(3)} ms |`);
  out(`| B: CPU per Inform session, ${PROFILES} converged profiles | ${(b / 1000).toFixed(3)} ms |`);
  out(`| B − A (median of the rounds' differences) | ${(diff / 1000).toFixed(3)} ms |`);
  out(`| B / A | ${(b / a).toFixed(3)} |`);
  out(`| profilesOnInform, due nothing (${CALLS} calls): CPU per call | ${cpuPerCall.toFixed(2)} µs |`);
  out(`| profilesOnInform, due nothing: wall per call | ${wallPerCall.toFixed(2)} µs |`);
  for (const c of cpes) c.close();
} finally {
  await server.close();
}

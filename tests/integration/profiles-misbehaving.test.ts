// CPEs that misbehave against the profile engine, scripted over real CWMP against the real server and
// database: a device that refuses the value (9007), one that accepts it but keeps the old one, one that
// drops the connection whenever the profile's task arrives and one that answers a read with the wrong
// path. Each ends in a bounded number of tasks (failed with back-off, capped, or set anyway), never an
// endless loop, while a well-behaved device with the same profile converges normally beside them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { profileSaveSchema } from "../../lib/profiles/input";
import type { AcsRequest, CpeResponse, CwmpFault } from "../../server/cwmp/soap/types";
import { db } from "../../server/db";
import { requestedNames } from "../../server/devices/answer-check";
import { saveProfile } from "../../server/profiles/profiles";
import { MAX_FAILURES } from "../../server/profiles/step";
import { ScriptedCpe, makeInform } from "../support/scripted-cpe";
import { startTestServer, waitFor, type TestServer } from "../support/test-server";

const PATH = "Device.Time.NTPServer1";
const WANTED = "ntp.profile.invalid";
const OLD = "ntp.old.invalid";
const MAX_RPCS = 12; // per session: far more than a profile step needs

type Behaviour = "good" | "refuses" | "forgets" | "drops" | "stray";

/** One scripted box: a small parameter store and the way it misbehaves on the profile's path. */
class Box {
  readonly values = new Map<string, string>();
  readonly cpe: ScriptedCpe;
  active = false; // misbehaves only once the profile exists (bootstrap is answered normally)

  constructor(
    readonly serial: string,
    readonly behaviour: Behaviour,
  ) {
    // A dropping CPE keeps no cookie: the ACS ties the session to the connection, so a close ends it.
    this.cpe = new ScriptedCpe(server.cwmpUrl, { cookies: behaviour !== "drops" });
    // The stray box has not reported the path yet: the profile must read it first.
    if (behaviour !== "stray") this.values.set(PATH, OLD);
  }

  /** The answer to one RPC, or "drop" to close the connection without answering. */
  answer(rpc: AcsRequest): CpeResponse | CwmpFault | "drop" {
    const mentions =
      (rpc.name === "GetParameterValues" && rpc.parameterNames.includes(PATH)) ||
      (rpc.name === "SetParameterValues" && rpc.parameterList.some((p) => p.name === PATH));
    if (this.active && mentions && this.behaviour === "drops") return "drop";
    switch (rpc.name) {
      case "GetParameterNames":
        return { name: "GetParameterNamesResponse", parameterList: [] };
      case "GetParameterValues": {
        if (this.active && this.behaviour === "stray" && rpc.parameterNames.includes(PATH))
          return {
            name: "GetParameterValuesResponse",
            parameterList: [{ name: "Device.Time.NTPServer2", value: "stray.invalid", type: "string" }],
          };
        const asked = requestedNames(rpc.parameterNames);
        const parameterList = [...this.values]
          .filter(([name]) => asked(name))
          .map(([name, value]) => ({ name, value, type: "string" as const }));
        return { name: "GetParameterValuesResponse", parameterList };
      }
      case "SetParameterValues":
        if (this.active && this.behaviour === "refuses")
          return {
            name: "Fault",
            faultcode: "Client",
            faultstring: "CWMP fault",
            faultCode: 9003,
            faultString: "Invalid arguments",
            setParameterValuesFault: [
              { parameterName: PATH, faultCode: 9007, faultString: "Invalid parameter value" },
            ],
          };
        // The forgetful box says yes and keeps what it had.
        if (!(this.active && this.behaviour === "forgets"))
          for (const p of rpc.parameterList) this.values.set(p.name, p.value);
        return { name: "SetParameterValuesResponse", status: 0 };
      default:
        throw new Error(`${this.serial}: unexpected ${rpc.name}`);
    }
  }

  /** One whole session (Inform, then every RPC the ACS sends); returns the RPCs it was sent. */
  async session(events = ["2 PERIODIC"]): Promise<AcsRequest[]> {
    expect((await this.cpe.inform(makeInform(this.serial, events))).status).toBe(200);
    const sent: AcsRequest[] = [];
    let step = await this.cpe.empty();
    for (let i = 0; i < MAX_RPCS && step.envelope; i++) {
      const rpc = step.envelope.body as AcsRequest;
      sent.push(rpc);
      const reply = this.answer(rpc);
      if (reply === "drop") {
        this.cpe.dropConnection();
        await waitFor(async () => (await this.device()).sessionId === null, 5_000, 20);
        return sent;
      }
      step = await this.cpe.send(reply, step.envelope.header.id);
    }
    expect(step.status).toBe(204);
    return sent;
  }

  device() {
    return db().device.findFirstOrThrow({ where: { serialNumber: this.serial } });
  }

  async state() {
    const d = await this.device();
    return db().deviceProfile.findUniqueOrThrow({
      where: { deviceId_profileId: { deviceId: d.id, profileId } },
    });
  }

  async tasks() {
    const d = await this.device();
    return db().task.findMany({
      where: { deviceId: d.id, createdBy: `system:profile:${profileId}` },
      orderBy: { id: "asc" },
    });
  }

  /**
   * Moves time: the failure's back-off is over (only while one is set: the cap leaves none), for the
   * profile's row and for the device's due time the session's hot path reads.
   */
  async backOffOver() {
    const d = await this.device();
    const past = new Date(Date.now() - 1_000);
    const { count } = await db().deviceProfile.updateMany({
      where: { deviceId: d.id, profileId, nextAttemptAt: { not: null } },
      data: { nextAttemptAt: past },
    });
    if (count > 0) await db().device.update({ where: { id: d.id }, data: { profilesDueAt: past } });
  }
}

let server: TestServer;
let profileId: number;
let boxes: Record<Behaviour, Box>;

beforeAll(async () => {
  server = await startTestServer({ CWMP_PROVISION_CR_CREDENTIALS: "false", TASK_MAX_ATTEMPTS: "3" });
  const op = await db().operator.create({
    data: { username: "profiles-admin", passwordHash: "x", role: "admin" },
  });
  boxes = {
    good: new Box("PM-GOOD", "good"),
    refuses: new Box("PM-9007", "refuses"),
    forgets: new Box("PM-FORGET", "forgets"),
    drops: new Box("PM-DROP", "drops"),
    stray: new Box("PM-STRAY", "stray"),
  };
  // Every box known (bootstrap answered normally) before the profile exists.
  for (const box of Object.values(boxes)) await box.session(["0 BOOTSTRAP", "1 BOOT"]);
  const saved = await saveProfile(
    { id: op.id, username: op.username, role: op.role },
    null,
    profileSaveSchema.parse({
      name: "NTP for misbehaving boxes",
      enabled: true,
      definition: { triggers: ["periodic"], parameters: [{ path: PATH, value: WANTED }] },
    }),
  );
  if (!saved.ok) throw new Error(`refused: ${JSON.stringify(saved.refused)}`);
  profileId = saved.id;
  for (const box of Object.values(boxes)) box.active = true;
}, 60_000);

afterAll(async () => {
  for (const box of Object.values(boxes ?? {})) box.cpe.close();
  await server?.close();
});

const names = (rpcs: AcsRequest[]) => rpcs.map((r) => r.name);

describe("profiles against misbehaving CPEs", () => {
  it("a 9007 fault fails the attempt with a back-off; no task before it is over, one retry after", async () => {
    const box = boxes.refuses;
    const before = Date.now();
    expect(names(await box.session())).toEqual(["SetParameterValues"]);
    const after = Date.now();
    const failed = await box.state();
    expect(failed).toMatchObject({ status: "failed", failures: 1, step: null });
    expect(failed.lastError).toBe(
      `SetParameterValues fault: 9003 Invalid arguments (${PATH}: 9007 Invalid parameter value)`,
    );
    expect(failed.nextAttemptAt!.getTime()).toBeGreaterThanOrEqual(before + 60_000);
    expect(failed.nextAttemptAt!.getTime()).toBeLessThanOrEqual(after + 60_000);
    // Informs inside the back-off: nothing is sent, no task is queued.
    for (let i = 0; i < 3; i++) expect(await box.session()).toEqual([]);
    expect(await box.tasks()).toHaveLength(1);
    // The back-off is over: exactly one new attempt, refused again, the next back-off longer.
    await box.backOffOver();
    expect(names(await box.session())).toEqual(["SetParameterValues"]);
    expect(await box.session()).toEqual([]);
    expect(await box.tasks()).toHaveLength(2);
    const again = await box.state();
    expect(again).toMatchObject({ status: "failed", failures: 2 });
    expect(again.nextAttemptAt!.getTime()).toBeGreaterThan(Date.now() + 4 * 60_000);
  });

  it("a device that says yes but keeps the old value fails verification, at most MAX_FAILURES times", async () => {
    const box = boxes.forgets;
    const first = await box.session();
    expect(names(first)).toEqual(["SetParameterValues", "GetParameterValues"]);
    const failed = await box.state();
    expect(failed).toMatchObject({ status: "failed", failures: 1 });
    expect(failed.lastError).toBe(`the device did not keep ${PATH}=${WANTED}`);
    // Back-off forced over before each Inform: one set + verify per attempt until the cap, then silence.
    const perSession = [first.length];
    for (let i = 0; i < MAX_FAILURES + 1; i++) {
      await box.backOffOver();
      perSession.push((await box.session()).length);
    }
    const tasks = await box.tasks();
    expect(tasks.filter((t) => t.name === "SetParameterValues")).toHaveLength(MAX_FAILURES);
    expect(perSession.slice(MAX_FAILURES)).toEqual([0, 0]);
    expect(await box.state()).toMatchObject({
      status: "failed",
      failures: MAX_FAILURES,
      nextAttemptAt: null,
    });
    expect(box.values.get(PATH)).toBe(OLD);
  });

  it("a device that drops the connection on the profile's task: the attempts cap ends it, failed", async () => {
    const box = boxes.drops;
    for (let attempt = 1; attempt <= 3; attempt++) {
      const sent = await box.session();
      expect(names(sent), `attempt ${attempt}`).toEqual(["SetParameterValues"]);
    }
    const [task] = await box.tasks();
    expect(task).toMatchObject({ state: "fault", attempts: 3, faultString: "no answer after 3 attempts" });
    // The next Inform finds the attempt ended: the profile fails (with a back-off), nothing is sent.
    expect(await box.session()).toEqual([]);
    const state = await box.state();
    expect(state).toMatchObject({ status: "failed", failures: 1, step: null });
    expect(state.lastError).toBe("SetParameterValues fault: no answer after 3 attempts");
    expect(state.nextAttemptAt).not.toBeNull();
    expect(await box.tasks()).toHaveLength(1);
  });

  it("a read answered with another path: the asked value is set, not read again forever", async () => {
    const box = boxes.stray;
    const sent = await box.session();
    expect(sent).toEqual([
      { name: "GetParameterValues", parameterNames: [PATH] },
      expect.objectContaining({ name: "SetParameterValues" }),
      { name: "GetParameterValues", parameterNames: [PATH] },
    ]);
    expect(box.values.get(PATH)).toBe(WANTED);
    expect(await box.state()).toMatchObject({ status: "converged", failures: 0 });
    // The unasked path was not stored.
    const params = (await box.device()).parameters as Record<string, unknown>;
    expect(params["Device.Time.NTPServer2"]).toBeUndefined();
    expect(await box.session()).toEqual([]);
  });

  it("a well-behaved device converges while the others misbehave in parallel, and stays converged", async () => {
    const good = boxes.good;
    await boxes.refuses.backOffOver();
    await boxes.forgets.backOffOver();
    await boxes.drops.backOffOver();
    const [goodRpcs] = await Promise.all([
      good.session(),
      boxes.refuses.session(),
      boxes.forgets.session(),
      boxes.drops.session(),
    ]);
    expect(names(goodRpcs)).toEqual(["SetParameterValues", "GetParameterValues"]);
    expect(good.values.get(PATH)).toBe(WANTED);
    expect(await good.state()).toMatchObject({ status: "converged", failures: 0, drifts: 0 });
    const parallel = await Promise.all([good.session(), boxes.refuses.session(), boxes.drops.session()]);
    expect(parallel[0]).toEqual([]);
    expect(await good.tasks()).toHaveLength(2);
    expect((await good.tasks()).every((t) => t.state === "done")).toBe(true);
  });
});

// CPE identity (issue 7 §1): each device is given its own ACS credentials at first contact and
// confirms them with its next session; from then on a CPE holding only the shared credentials cannot
// inform in its name. A BOOTSTRAP with the shared ones is refused (403, nothing written, nothing sent)
// and listed as an identity conflict an operator accepts (factory reset: re-provisioned) or rejects.
// The real simulator ends with confirmed credentials and is still woken by connection requests.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerAs } from "../../server/api/test-callers";
import type { AcsRequest, InformRequest } from "../../server/cwmp/soap/types";
import { digestAuthorization, parseAuthParams } from "../../server/cwmp/transport/digest";
import { db } from "../../server/db";
import { queueTask } from "../../server/tasks/service";
import { startFleet, type Fleet } from "../../sim";
import { ScriptedCpe, makeInform, withConnectionRequestUrl, type AcsAnswer } from "../support/scripted-cpe";
import { startTestServer, waitFor, type TestServer } from "../support/test-server";

const SHARED = { username: "fleet", password: "fleet-secret" };
const KEY_PATH = "Device.WiFi.AccessPoint.1.Security.KeyPassphrase";

let server: TestServer;
let adminId = 0;
const open: ScriptedCpe[] = [];

beforeAll(async () => {
  server = await startTestServer({
    CWMP_AUTH: "digest",
    CWMP_USERNAME: SHARED.username,
    CWMP_PASSWORD: SHARED.password,
  });
  adminId = (await db().operator.findFirstOrThrow({ where: { role: "admin" } })).id;
});
afterAll(async () => {
  for (const cpe of open) cpe.close();
  await server?.close();
});

const admin = () => callerAs({ id: adminId, username: "admin", role: "admin" });

/** A new CPE connection that answers the Digest challenge for `inform` with the given credentials. */
async function informAs(inform: InformRequest, creds: { username: string; password: string }) {
  const cpe = new ScriptedCpe(server.cwmpUrl);
  open.push(cpe);
  const challenge = await cpe.inform(inform);
  expect(challenge.status).toBe(401);
  const header = String(challenge.headers["www-authenticate"]);
  cpe.authorization = digestAuthorization({
    method: "POST",
    uri: "/",
    ...creds,
    challenge: parseAuthParams(header.slice(header.indexOf(" ") + 1)),
  });
  const answer = await cpe.inform(inform);
  return { cpe, answer };
}

/**
 * Answer the session's requests like a CPE (success, empty lists; `fault` for the ACS credentials)
 * until the ACS ends it; returns every request received.
 */
async function runSession(cpe: ScriptedCpe, options: { faultAcsCredentials?: boolean } = {}) {
  const received: AcsRequest[] = [];
  let step: AcsAnswer = await cpe.empty();
  for (let i = 0; i < 20 && step.envelope; i++) {
    const body = step.envelope.body as AcsRequest;
    const id = step.envelope.header.id;
    received.push(body);
    if (body.name === "SetParameterValues") {
      const acs = body.parameterList.some((p) => p.name.endsWith(".ManagementServer.Username"));
      step =
        acs && options.faultAcsCredentials
          ? await cpe.send(
              {
                name: "Fault",
                faultcode: "Client",
                faultstring: "CWMP fault",
                faultCode: 9008,
                faultString: "Attempt to set a non-writable parameter",
                setParameterValuesFault: [],
              },
              id,
            )
          : await cpe.send({ name: "SetParameterValuesResponse", status: 0 }, id);
    } else if (body.name === "GetParameterNames")
      step = await cpe.send({ name: "GetParameterNamesResponse", parameterList: [] }, id);
    else if (body.name === "GetParameterValues")
      step = await cpe.send({ name: "GetParameterValuesResponse", parameterList: [] }, id);
    else throw new Error(`unexpected ${body.name}`);
  }
  expect(step.status).toBe(204);
  return received;
}

/** The ACS credentials a session's requests carried (as the CPE received them). */
function acsCredentials(requests: AcsRequest[]): { username: string; password: string } | null {
  for (const r of requests) {
    if (r.name !== "SetParameterValues") continue;
    const username = r.parameterList.find((p) => p.name === "Device.ManagementServer.Username")?.value;
    const password = r.parameterList.find((p) => p.name === "Device.ManagementServer.Password")?.value;
    if (username !== undefined && password !== undefined) return { username, password };
  }
  return null;
}

/** Bootstrap `serial` with the shared credentials, apply its own ones, confirm them by a second session. */
async function enrol(serial: string) {
  const first = await informAs(makeInform(serial, ["0 BOOTSTRAP", "1 BOOT"]), SHARED);
  expect(first.answer.status).toBe(200);
  const own = acsCredentials(await runSession(first.cpe));
  if (!own) throw new Error("no ACS credentials were sent");
  const device = await db().device.findFirstOrThrow({ where: { serialNumber: serial } });
  expect(device).toMatchObject({ cwmpPendingUsername: own.username, cwmpUsername: null });
  const second = await informAs(makeInform(serial, ["2 PERIODIC"]), own);
  expect(second.answer.status).toBe(200);
  await runSession(second.cpe);
  return { id: device.id, own };
}

describe("CPE identity", () => {
  it("refuses a takeover with the shared credentials; the device itself keeps working", async () => {
    const a = await enrol("ID-A");
    const confirmed = await db().device.findUniqueOrThrow({ where: { id: a.id } });
    expect(confirmed).toMatchObject({ cwmpUsername: a.own.username, cwmpPendingUsername: null });
    expect(confirmed.cwmpCredentialsConfirmedAt).toBeInstanceOf(Date);
    expect(await admin().identity.credentials({ deviceId: a.id })).toEqual({
      state: "confirmed",
      username: a.own.username,
      confirmedAt: confirmed.cwmpCredentialsConfirmedAt,
    });

    const wifi = await queueTask(a.id, {
      name: "SetParameterValues",
      parameterList: [{ name: KEY_PATH, value: "wifi-key-of-A", type: "string" }],
      parameterKey: "wifi",
    });
    const snapshot = async () => {
      const d = await db().device.findUniqueOrThrow({ where: { id: a.id }, include: { lastInform: true } });
      return {
        lastInform: d.lastInform?.informedAt ?? null,
        url: d.connectionRequestUrl,
        sw: d.softwareVersion,
        crUser: d.connectionRequestUsername,
        crPassword: d.connectionRequestPassword,
        tasks: await db().task.count({ where: { deviceId: a.id } }),
        informs: await db().informEvent.count({ where: { deviceId: a.id } }),
      };
    };
    const before = await snapshot();

    // The attacker: A's identity, a BOOTSTRAP, its own connection-request URL and software version.
    const forged = withConnectionRequestUrl(
      makeInform("ID-A", ["0 BOOTSTRAP", "1 BOOT"], {
        parameterList: makeInform("ID-A", []).parameterList.map((p) =>
          p.name.endsWith("SoftwareVersion") ? { ...p, value: "6.6.6" } : p,
        ),
      }),
      "http://127.0.0.66:7547/steal",
    );
    for (let attempt = 0; attempt < 2; attempt++) {
      const { cpe, answer } = await informAs(forged, SHARED);
      expect(answer.status).toBe(403);
      expect(answer.text).not.toContain("wifi-key-of-A");
      // Nothing more for it on this connection either.
      expect((await cpe.empty()).envelope).toBeUndefined();
    }
    // A periodic Inform with the shared credentials: refused, not a conflict (no BOOTSTRAP).
    expect((await informAs(makeInform("ID-A", ["2 PERIODIC"]), SHARED)).answer.status).toBe(403);

    expect(await snapshot()).toEqual(before);
    expect((await db().task.findUniqueOrThrow({ where: { id: wifi.id } })).state).toBe("queued");
    const conflicts = await admin().identity.deviceConflicts({ deviceId: a.id });
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]).toMatchObject({
      deviceId: a.id,
      serialNumber: "ID-A",
      state: "open",
      attempts: 2,
      remoteAddress: "127.0.0.1",
      eventCodes: ["0 BOOTSTRAP", "1 BOOT"],
    });
    const fleetList = await admin().identity.conflicts({ state: "open" });
    expect(fleetList.items.map((c) => c.id)).toContain(conflicts[0]?.id);

    // A itself, with its own credentials: admitted and given its task.
    const genuine = await informAs(makeInform("ID-A", ["2 PERIODIC"]), a.own);
    expect(genuine.answer.status).toBe(200);
    const received = await runSession(genuine.cpe);
    expect(received).toContainEqual(
      expect.objectContaining({
        name: "SetParameterValues",
        parameterList: [expect.objectContaining({ name: KEY_PATH, value: "wifi-key-of-A" })],
      }),
    );
    expect((await db().task.findUniqueOrThrow({ where: { id: wifi.id } })).state).toBe("done");
  });

  it("does not let one device's own credentials open a session for another", async () => {
    const b = await enrol("ID-B");
    const other = await informAs(makeInform("ID-C", ["0 BOOTSTRAP"]), b.own);
    expect(other.answer.status).toBe(401);
    expect(await db().device.count({ where: { serialNumber: "ID-C" } })).toBe(0);
  });

  it("reject keeps the device's credentials and refusals; accept re-provisions after a factory reset", async () => {
    const d = await enrol("ID-D");
    const bootstrap = makeInform("ID-D", ["0 BOOTSTRAP", "1 BOOT"]);
    expect((await informAs(bootstrap, SHARED)).answer.status).toBe(403);
    const [first] = await admin().identity.deviceConflicts({ deviceId: d.id });
    const rejected = await admin().identity.decide({ id: first!.id, decision: "reject" });
    expect(rejected).toMatchObject({ state: "rejected", decidedBy: "admin" });
    expect(await db().auditLog.count({ where: { action: "device.identity.reject", deviceId: d.id } })).toBe(
      1,
    );
    await expect(admin().identity.decide({ id: first!.id, decision: "accept" })).rejects.toMatchObject({
      code: "CONFLICT",
    });
    expect((await db().device.findUniqueOrThrow({ where: { id: d.id } })).cwmpUsername).toBe(d.own.username);

    // Still refused; a new attempt opens a new conflict.
    expect((await informAs(bootstrap, SHARED)).answer.status).toBe(403);
    const conflicts = await admin().identity.deviceConflicts({ deviceId: d.id });
    expect(conflicts.map((c) => [c.state, c.attempts])).toEqual([
      ["open", 1],
      ["rejected", 1],
    ]);

    // The operator accepts: a genuine factory reset.
    const accepted = await admin().identity.decide({ id: conflicts[0]!.id, decision: "accept" });
    expect(accepted.state).toBe("accepted");
    expect(await admin().identity.credentials({ deviceId: d.id })).toEqual({
      state: "shared",
      username: null,
      confirmedAt: null,
    });
    const reset = await informAs(bootstrap, SHARED);
    expect(reset.answer.status).toBe(200);
    const fresh = acsCredentials(await runSession(reset.cpe));
    expect(fresh).not.toBeNull();
    expect(fresh?.password).not.toBe(d.own.password);
    expect((await db().device.findUniqueOrThrow({ where: { id: d.id } })).cwmpPendingUsername).toBe(
      fresh?.username,
    );
    // The old credentials no longer open a session.
    expect((await informAs(makeInform("ID-D", ["2 PERIODIC"]), d.own)).answer.status).toBe(401);
  });

  it("admits the BOOTSTRAP after a FactoryReset the ACS sent, and issues new credentials", async () => {
    const f = await enrol("ID-F");
    // Sent in the device's last session (it may reset without answering).
    const reset = await queueTask(f.id, { name: "FactoryReset" });
    await db().task.update({ where: { id: reset.id }, data: { state: "sent", sentAt: new Date() } });
    const back = await informAs(makeInform("ID-F", ["0 BOOTSTRAP", "1 BOOT"]), SHARED);
    expect(back.answer.status).toBe(200);
    const fresh = acsCredentials(await runSession(back.cpe));
    expect(fresh).not.toBeNull();
    expect(fresh?.password).not.toBe(f.own.password);
    expect(await db().identityConflict.count({ where: { deviceId: f.id } })).toBe(0);
    // The credentials from before the reset no longer open a session.
    const old = await informAs(makeInform("ID-F", ["2 PERIODIC"]), f.own);
    expect(old.answer.status).toBe(401);
    // Once the new ones are confirmed, the shared ones are refused again.
    const next = await informAs(makeInform("ID-F", ["2 PERIODIC"]), fresh!);
    expect(next.answer.status).toBe(200);
    await runSession(next.cpe);
    const again = await informAs(makeInform("ID-F", ["0 BOOTSTRAP", "1 BOOT"]), SHARED);
    expect(again.answer.status).toBe(403);
  });

  it("a device that faults the credentials set keeps working with the shared credentials", async () => {
    const first = await informAs(makeInform("ID-E", ["0 BOOTSTRAP", "1 BOOT"]), SHARED);
    expect(first.answer.status).toBe(200);
    const received = await runSession(first.cpe, { faultAcsCredentials: true });
    expect(acsCredentials(received)).not.toBeNull();
    const device = await db().device.findFirstOrThrow({
      where: { serialNumber: "ID-E" },
      select: {
        id: true,
        cwmpUsername: true,
        cwmpPendingUsername: true,
        cwmpPendingHa1: true,
        connectionRequestUsername: true,
      },
    });
    expect(device).toMatchObject({ cwmpUsername: null, cwmpPendingUsername: null, cwmpPendingHa1: null });
    // Its connection-request credentials (another task) were set all the same.
    expect(device.connectionRequestUsername).toBe("cr-ID-E");
    for (const events of [["2 PERIODIC"], ["0 BOOTSTRAP"]]) {
      const next = await informAs(makeInform("ID-E", events), SHARED);
      expect(next.answer.status).toBe(200);
      await runSession(next.cpe, { faultAcsCredentials: true });
    }
    expect(await db().identityConflict.count({ where: { deviceId: device.id } })).toBe(0);
  });
});

describe("the simulated fleet", () => {
  let fleet: Fleet | undefined;
  afterAll(async () => {
    await fleet?.stop();
  });

  it("ends with confirmed own credentials and is still woken by a connection request (Digest)", async () => {
    fleet = await startFleet({
      acsUrl: server.cwmpUrl,
      devices: 3,
      seed: 11,
      username: SHARED.username,
      password: SHARED.password,
      crHost: "127.0.0.1",
      crPort: 0,
      retryScale: 0.01,
      evolveEveryMs: 0,
      startSpreadMs: 200,
    });
    const serials = () => db().device.findMany({ where: { NOT: { serialNumber: { startsWith: "ID-" } } } });
    // Bootstrapped: every provisioning task (the credentials set last) has run.
    await waitFor(async () => {
      const devices = await serials();
      const busy = await db().task.count({
        where: { deviceId: { in: devices.map((d) => d.id) }, state: { in: ["queued", "sent"] } },
      });
      return devices.length === 3 && busy === 0 && devices.every((d) => d.cwmpPendingUsername !== null);
    }, 30_000);
    // A connection request makes each one open a session, with its pending credentials: confirmed.
    const devices = await serials();
    for (const d of devices) {
      expect(d.cwmpPendingUsername).toBeTruthy();
      const sim = fleet.device(d.serialNumber);
      expect(sim?.tree.get(`${d.rootObject}.ManagementServer.Username`)).toBe(d.cwmpPendingUsername);
    }
    const target = devices[0]!;
    const path = `${target.rootObject}.ManagementServer.PeriodicInformInterval`;
    for (const [i, d] of devices.entries()) {
      const task = await queueTask(d.id, {
        name: "SetParameterValues",
        parameterList: [
          {
            name: path.replace(target.rootObject, d.rootObject),
            value: String(3600 + i),
            type: "unsignedInt",
          },
        ],
        parameterKey: `wake-${i}`,
      });
      await waitFor(
        async () => (await db().task.findUnique({ where: { id: task.id } }))?.state === "done",
        20_000,
      );
    }
    for (const d of await serials()) {
      expect(d.cwmpUsername).toBeTruthy();
      expect(d.cwmpCredentialsConfirmedAt).toBeInstanceOf(Date);
      expect(d.cwmpPendingUsername).toBeNull();
      const events = await db().informEvent.findFirst({
        where: { deviceId: d.id, events: { has: "6 CONNECTION REQUEST" } },
      });
      expect(events).not.toBeNull();
    }
    // Confirmed devices are still woken: one more connection request, one more session.
    const before = await db().informEvent.count({ where: { deviceId: target.id } });
    const again = await queueTask(target.id, {
      name: "SetParameterValues",
      parameterList: [{ name: path, value: "7200", type: "unsignedInt" }],
      parameterKey: "wake-again",
    });
    await waitFor(
      async () => (await db().task.findUnique({ where: { id: again.id } }))?.state === "done",
      20_000,
    );
    expect(await db().informEvent.count({ where: { deviceId: target.id } })).toBeGreaterThan(before);
    expect(fleet.device(target.serialNumber)?.tree.get(path)).toBe("7200");
  }, 90_000);
});

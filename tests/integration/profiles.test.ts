// Provisioning profiles against the real simulator, server and database: a profile converges on the
// devices it selects (read, set, verify), a value the device reverts is detected and corrected, a
// software-version precondition selects the right boxes, the higher priority wins a shared path, and
// the ITF Monitoring template turns the simulated boxes' stream statistics on.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ProfileSaveInput } from "../../lib/profiles/input";
import { profileSaveSchema } from "../../lib/profiles/input";
import { db } from "../../server/db";
import { saveProfile } from "../../server/profiles/profiles";
import { PROFILE_TEMPLATES } from "../../server/profiles/templates";
import { queueTask } from "../../server/tasks/service";
import { startFleet, type Fleet } from "../../sim";
import { startTestServer, waitFor, type TestServer } from "../support/test-server";

let server: TestServer;
let fleet: Fleet;
const admin = { id: 1, username: "admin", role: "admin" as const };
const PERIODIC = [{ eventCode: "2 PERIODIC", commandKey: "" }];

beforeAll(async () => {
  server = await startTestServer({ CWMP_AUTH: "digest", CWMP_USERNAME: "prof", CWMP_PASSWORD: "prof-pass" });
  fleet = await startFleet({
    acsUrl: server.cwmpUrl,
    devices: 6,
    seed: 9101,
    stbRatio: 0.5,
    username: "prof",
    password: "prof-pass",
    crHost: "127.0.0.1",
    crPort: 0,
    retryScale: 0.01,
    evolveEveryMs: 250,
    startSpreadMs: 200,
  });
  // Every device bootstrapped and its full read done before profiles exist.
  await waitFor(
    async () => (await db().device.count({ where: { fullReadAt: { not: null } } })) === 6,
    60_000,
  );
  await fleet.idle(20_000);
}, 90_000);

afterAll(async () => {
  await fleet?.stop();
  await server?.close();
});

async function save(input: ProfileSaveInput, id: number | null = null) {
  const result = await saveProfile(admin, id, profileSaveSchema.parse(input));
  if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.refused)}`);
  return result.id;
}

/** Each device informs (periodic) until none has profile work left; bounded. */
async function informAll(serials: string[]) {
  for (const s of serials) fleet.trigger(s, PERIODIC);
  await fleet.idle(30_000);
}

const devicesOf = (kind: "STB" | "GATEWAY") =>
  db().device.findMany({ where: { kind }, orderBy: { id: "asc" } });
const states = (profileId: number) =>
  db().deviceProfile.findMany({ where: { profileId }, orderBy: { deviceId: "asc" } });

describe("provisioning profiles", () => {
  it("converges the selected devices: unknown values read, changes set, then read back", async () => {
    const gateways = await devicesOf("GATEWAY");
    const id = await save({
      name: "Gateways hourly",
      enabled: true,
      definition: {
        precondition: { kinds: ["GATEWAY"] },
        triggers: ["periodic", "boot"],
        parameters: [
          { path: "InternetGatewayDevice.ManagementServer.PeriodicInformInterval", value: "1234" },
          { path: "Device.ManagementServer.PeriodicInformInterval", value: "1234" },
        ],
      },
    });
    await informAll(gateways.map((g) => g.serialNumber));
    const rows = await waitFor(async () => {
      const r = await states(id);
      return r.length === gateways.length && r.every((s) => s.status === "converged") ? r : null;
    }, 30_000);
    expect(rows.map((r) => r.deviceId)).toEqual(gateways.map((g) => g.id));
    for (const g of gateways) {
      const path = `${g.rootObject}.ManagementServer.PeriodicInformInterval`;
      expect(fleet.device(g.serialNumber)?.get(path)).toBe("1234");
      expect(rows.find((r) => r.deviceId === g.id)?.ownedPaths).toEqual([path]);
    }
    // set, then the read-back: a SetParameterValues and a GetParameterValues of the path per gateway.
    const tasks = await db().task.findMany({
      where: { createdBy: `system:profile:${id}` },
      orderBy: { id: "asc" },
    });
    expect(tasks.every((t) => t.state === "done")).toBe(true);
    expect(tasks.filter((t) => t.name === "SetParameterValues")).toHaveLength(gateways.length);
    // STBs are not selected: no state, no task.
    const stbs = await devicesOf("STB");
    expect(
      await db().deviceProfile.count({ where: { profileId: id, deviceId: { in: stbs.map((s) => s.id) } } }),
    ).toBe(0);

    // Nothing is queued when the device already matches, and a periodic Inform of a converged device is
    // not even evaluated (no read of its document, no write): the next check is a day later.
    const before = await db().task.count({ where: { createdBy: `system:profile:${id}` } });
    const evaluated = (await states(id)).map((r) => r.evaluatedAt.getTime());
    await informAll(gateways.map((g) => g.serialNumber));
    expect(await db().task.count({ where: { createdBy: `system:profile:${id}` } })).toBe(before);
    expect((await states(id)).map((r) => r.evaluatedAt.getTime())).toEqual(evaluated);
    for (const g of gateways) {
      const due = (await db().device.findUniqueOrThrow({ where: { id: g.id } })).profilesDueAt;
      expect(due!.getTime()).toBeGreaterThan(Date.now() + 23 * 3_600_000);
    }

    // The device reverts the value across a reboot: read again after the BOOT, drifted, corrected.
    const g = gateways[0]!;
    const sim = fleet.device(g.serialNumber)!;
    const path = `${g.rootObject}.ManagementServer.PeriodicInformInterval`;
    sim.tree.set(path, "600");
    sim.reboot([]);
    fleet.trigger(g.serialNumber);
    await fleet.idle(30_000);
    const corrected = await waitFor(async () => {
      const r = await db().deviceProfile.findUnique({
        where: { deviceId_profileId: { deviceId: g.id, profileId: id } },
      });
      return r?.status === "converged" && r.drifts === 1 ? r : null;
    }, 30_000);
    expect(corrected.drifts).toBe(1);
    expect(sim.get(path)).toBe("1234");
  });

  it("a software-version precondition selects only the boxes in the range", async () => {
    const stbs = await devicesOf("STB");
    const versions = [...new Set(stbs.map((s) => s.softwareVersion))].sort();
    expect(versions.length).toBeGreaterThan(0);
    const min = versions[versions.length - 1]!; // the newest version only
    const id = await save({
      name: "Newest firmware only",
      enabled: true,
      definition: {
        precondition: { kinds: ["STB"], softwareVersion: { min } },
        triggers: ["periodic"],
        parameters: [
          { path: "Device.Services.STBService.1.Components.HDMI.1.ResolutionMode", value: "Auto" },
        ],
      },
    });
    await informAll(stbs.map((s) => s.serialNumber));
    const expected = stbs.filter((s) => s.softwareVersion === min).map((s) => s.id);
    await waitFor(async () => {
      const r = await states(id);
      return r.length === expected.length && r.every((s) => s.status === "converged");
    }, 30_000);
    expect((await states(id)).map((r) => r.deviceId)).toEqual(expected);
  });

  it("two profiles set one path: the higher priority wins on the device", async () => {
    const gateways = await devicesOf("GATEWAY");
    const low = await save({
      name: "Low",
      enabled: true,
      priority: 10,
      definition: {
        triggers: ["periodic"],
        parameters: [{ path: "InternetGatewayDevice.Time.NTPServer1", value: "low.invalid" }],
      },
    });
    const high = await save({
      name: "High",
      enabled: true,
      priority: 90,
      definition: {
        triggers: ["periodic"],
        parameters: [{ path: "InternetGatewayDevice.Time.NTPServer1", value: "high.invalid" }],
      },
    });
    await informAll(gateways.map((g) => g.serialNumber));
    const tr098 = gateways.filter((g) => g.rootObject === "InternetGatewayDevice");
    await waitFor(async () => {
      const r = await db().deviceProfile.findMany({ where: { profileId: { in: [low, high] } } });
      return r.length >= 2 * tr098.length && r.every((s) => s.status === "converged");
    }, 30_000);
    for (const g of tr098)
      expect(fleet.device(g.serialNumber)?.get("InternetGatewayDevice.Time.NTPServer1")).toBe("high.invalid");
    const lowRows = await states(low);
    expect(lowRows.every((r) => r.ownedPaths.length === 0)).toBe(true);
  });

  it("the ITF Monitoring template makes the simulated STBs' stream statistics non-zero", async () => {
    const template = PROFILE_TEMPLATES.find((t) => t.id === "itf-monitoring")!;
    const definition = structuredClone(template.definition);
    // An editable copy: one-second samples so the test need not wait a minute.
    for (const p of definition.parameters ?? []) if (p.path.endsWith("SampleInterval")) p.value = "1";
    const id = await save({ name: "Monitoring", enabled: true, template: template.id, definition });
    const stbs = await devicesOf("STB");
    await informAll(stbs.map((s) => s.serialNumber));
    await waitFor(async () => {
      const r = await states(id);
      return r.length === stbs.length && r.every((s) => s.status === "converged");
    }, 30_000);
    const stb = stbs[0]!;
    const total = `${stb.rootObject}.Services.STBService.1.ServiceMonitoring.MainStream.1.Total.`;
    await new Promise((r) => setTimeout(r, 2_500)); // a couple of samples close on the box
    const read = await queueTask(stb.id, { name: "GetParameterValues", parameterNames: [total] });
    fleet.trigger(stb.serialNumber);
    const done = await waitFor(async () => {
      const t = await db().task.findUnique({ where: { id: read.id } });
      return t?.state === "done" ? t : null;
    }, 30_000);
    const values = (done.result as { parameterList: { name: string; value: string }[] }).parameterList;
    const received = values.filter((v) => v.name.endsWith("PacketsReceived"));
    expect(received.length).toBeGreaterThan(0);
    expect(received.some((v) => Number(v.value) > 0)).toBe(true);
  });
});

// Issue 12: audience data (TR-135 AudienceStats: what a box watched) is readable only with
// audience.read (product, admin). Every procedure that returns parameters, tasks, timeline entries,
// faults, bulk jobs or audit rows is called through the real router as viewer, help desk and NOC, and
// nothing of the audience data may appear in any answer; product and admin see it. Writes on audience
// paths need audience.read; no role searches by them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore, type Store } from "../database/connect";
import { db } from "../db";
import { permissionsFor } from "../bulk/actions";
import { deviceCsv } from "../devices/csv";
import { overrideSettings } from "../env";
import type { Role } from "../generated/prisma/enums";
import { freshDatabaseUrl } from "../../tests/support/test-server";
import { callerAs, errorCodeOf } from "./test-callers";

let store: Store;
let stbId = 0;
const operators = new Map<Role, number>();
const taskIds: Record<string, number> = {};

const APPS = "Device.Services.STBService.1.Applications.";
const AUD = `${APPS}AudienceStats.`;
const ts = Date.now() - 60_000;
/** What must never reach an operator without audience.read. */
const LEAKS = [/AudienceStats/i, /Canal Sport/];
const HIDDEN_ROLES = ["viewer", "helpdesk", "noc"] as const;
const SEEING_ROLES = ["product", "admin"] as const;

function api(role: Role) {
  return callerAs({ id: operators.get(role)!, username: `op-${role}`, name: "", role });
}

const json = (value: unknown) =>
  JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v));

function expectNoLeak(label: string, value: unknown) {
  const text = json(value);
  for (const leak of LEAKS) expect(text, `${label}: ${text.slice(0, 400)}`).not.toMatch(leak);
}

/** Every level of the tree an operator can open, walked from the root (bounded). */
async function walkTree(role: Role): Promise<unknown[]> {
  const levels: unknown[] = [];
  const queue = [""];
  while (queue.length > 0 && levels.length < 200) {
    const level = await api(role).device.children({ id: stbId, path: queue.shift()! });
    levels.push(level);
    for (const child of level.children) if (child.object) queue.push(child.path);
  }
  return levels;
}

/** Every answer a read-only caller of this role may get about the device. */
async function everyRead(role: Role): Promise<Record<string, unknown>> {
  const a = api(role);
  const out: Record<string, unknown> = {
    get: await a.device.get({ id: stbId }),
    tree: await walkTree(role),
    // Asked for directly (the answer echoes the path asked for: only what it found counts).
    audienceLevel: (await a.device.children({ id: stbId, path: AUD })).children,
    channelLevel: (await a.device.children({ id: stbId, path: `${AUD}Channel.1.` })).children,
    tasks: await a.device.tasks({ id: stbId, limit: 200 }),
    timeline: await a.device.timeline({ id: stbId, limit: 200 }),
    timelineFaults: await a.device.timeline({ id: stbId, limit: 200, filters: ["faults"] }),
    diagnostics: await a.device.diagnostics({ id: stbId }),
    activity: await a.device.activity({ id: stbId, window: "7d" }),
    faults: await a.faults.summary({ days: 7 }),
    bulkList: await a.bulk.list({}),
    bulkGet: await a.bulk.get({ id: taskIds.bulkJob! }),
    bulkItems: await a.bulk.items({ id: taskIds.bulkJob! }),
  };
  for (const q of ["AudienceStats", "Canal", "sport", "Channel", "Duration", "audience"]) {
    const { matches, total } = await a.device.searchTree({ id: stbId, query: q });
    out[`search:${q}`] = { matches, total };
  }
  if (role === "noc" || role === "admin") {
    out.audit = await a.audit.list({});
    out.auditCanal = await a.audit.list({ q: "Canal" });
    out.auditPath = (await a.audit.list({ q: "AudienceStats" })).rows;
  }
  return out;
}

beforeAll(async () => {
  overrideSettings({ LOG_LEVEL: "silent" });
  // PGlite here; a fresh PostgreSQL database when TEST_DATABASE_URL is set (scripts/with-postgres.sh).
  store = await openStore({ dataDir: "memory:", databaseUrl: await freshDatabaseUrl() });
  for (const role of ["admin", "noc", "helpdesk", "product", "viewer"] as const) {
    const op = await db().operator.create({ data: { username: `op-${role}`, passwordHash: "x", role } });
    operators.set(role, op.id);
  }
  const stb = await db().device.create({
    data: {
      oui: "00D09E",
      productClass: "STB-4K",
      serialNumber: "STB-AUD-1",
      manufacturer: "Test",
      kind: "STB",
      rootObject: "Device",
      lastInform: { create: { informedAt: new Date() } },
      periodicInformInterval: 300,
      parameters: {
        "Device.DeviceInfo.SoftwareVersion": { v: "1.0", t: "string", ts },
        "Device.Services.STBService.1.Components.HDMI.1.Name": { v: "HDMI", t: "string", ts },
        [`${APPS}ServiceProviderNumberOfEntries`]: { v: "0", t: "unsignedInt", ts },
        [AUD]: { w: false, ts },
        [`${AUD}Enable`]: { v: "true", t: "boolean", w: true, ts },
        [`${AUD}ChannelNumberOfEntries`]: { v: "1", t: "unsignedInt", ts },
        [`${AUD}Channel.`]: { w: false, ts },
        [`${AUD}Channel.1.`]: { w: false, ts },
        [`${AUD}Channel.1.Name`]: { v: "Canal Sport", t: "string", ts },
        [`${AUD}Channel.1.Duration`]: { v: "3600", t: "unsignedInt", ts },
        // A BulkData profile naming what it collects: the reference itself says a channel is counted.
        "Device.BulkData.Profile.1.Parameter.1.Reference": { v: `${AUD}Channel.1.Duration`, t: "string", ts },
      },
    },
  });
  stbId = stb.id;
  const done = { state: "done" as const, completedAt: new Date(), createdBy: "system" };
  const audienceRead = await db().task.create({
    data: {
      deviceId: stbId,
      name: "GetParameterValues",
      request: { name: "GetParameterValues", parameterNames: [AUD] },
      result: {
        name: "GetParameterValuesResponse",
        parameterList: [{ name: `${AUD}Channel.1.Name`, value: "Canal Sport", type: "string" }],
      },
      ...done,
    },
  });
  const mixedRead = await db().task.create({
    data: {
      deviceId: stbId,
      name: "GetParameterValues",
      request: {
        name: "GetParameterValues",
        parameterNames: ["Device.DeviceInfo.SoftwareVersion", `${AUD}Channel.1.Duration`],
      },
      result: {
        name: "GetParameterValuesResponse",
        parameterList: [
          { name: "Device.DeviceInfo.SoftwareVersion", value: "1.0", type: "string" },
          { name: `${AUD}Channel.1.Duration`, value: "3600", type: "unsignedInt" },
        ],
      },
      ...done,
    },
  });
  const ancestorRead = await db().task.create({
    data: {
      deviceId: stbId,
      name: "GetParameterValues",
      request: { name: "GetParameterValues", parameterNames: ["Device.Services.STBService.1."] },
      result: {
        name: "GetParameterValuesResponse",
        parameterList: [
          { name: `${APPS}ServiceProviderNumberOfEntries`, value: "0", type: "unsignedInt" },
          { name: `${AUD}Channel.1.Name`, value: "Canal Sport", type: "string" },
        ],
      },
      ...done,
    },
  });
  // An audience write that faulted: its fault string names the path, its fault row a channel.
  const audienceSet = await db().task.create({
    data: {
      deviceId: stbId,
      name: "SetParameterValues",
      request: {
        name: "SetParameterValues",
        parameterList: [{ name: `${AUD}Enable`, value: "false", type: "boolean" }],
        parameterKey: "k1",
      },
      state: "fault",
      completedAt: new Date(),
      faultCode: 9003,
      faultString: `Invalid arguments for ${AUD}Enable`,
      result: {
        setParameterValuesFault: [{ parameterName: `${AUD}Enable`, faultCode: 9007, faultString: "bad" }],
      },
      createdBy: "op-admin",
    },
  });
  // A mixed write whose per-parameter fault is about the audience path.
  const mixedSet = await db().task.create({
    data: {
      deviceId: stbId,
      name: "SetParameterValues",
      request: {
        name: "SetParameterValues",
        parameterList: [
          { name: "Device.Services.STBService.1.Components.HDMI.1.Name", value: "TV", type: "string" },
          { name: `${AUD}Enable`, value: "true", type: "boolean" },
        ],
        parameterKey: "k2",
      },
      state: "fault",
      completedAt: new Date(),
      faultCode: 9003,
      faultString: "Invalid arguments",
      result: {
        setParameterValuesFault: [{ parameterName: `${AUD}Enable`, faultCode: 9007, faultString: "bad" }],
      },
      createdBy: "op-admin",
    },
  });
  Object.assign(taskIds, {
    audienceRead: audienceRead.id,
    mixedRead: mixedRead.id,
    ancestorRead: ancestorRead.id,
    audienceSet: audienceSet.id,
    mixedSet: mixedSet.id,
  });
  await db().deviceFault.create({
    data: { deviceId: stbId, taskId: audienceSet.id, code: 9003, message: "Request denied for Canal Sport" },
  });
  await db().deviceFault.create({
    data: { deviceId: stbId, taskId: audienceRead.id, code: 9005, message: `Invalid parameter name ${AUD}` },
  });
  await db().auditLog.create({
    data: {
      operatorId: operators.get("admin")!,
      action: "device.set_value",
      deviceId: stbId,
      target: `${AUD}Channel.1.Name`,
      before: { value: "Canal Sport" },
      after: { value: "Canal Sport 2" },
    },
  });
  await db().auditLog.create({
    data: {
      operatorId: operators.get("admin")!,
      action: "device.diagnostics.ping",
      deviceId: stbId,
      target: "Device.IP.Diagnostics.IPPing.",
      after: { [`${AUD}Channel.1.Name`]: "Canal Sport", "Device.IP.Diagnostics.IPPing.Host": "x" },
    },
  });
  // A bulk job setting an audience parameter, created by an admin through the router.
  const job = await api("admin").bulk.create({
    action: { action: "set", path: `${AUD}Enable`, value: "false" },
    selection: { deviceIds: [stbId] },
  });
  taskIds.bulkJob = job.id;
});

afterAll(async () => {
  await store.close();
});

describe("operators without audience.read", () => {
  for (const role of HIDDEN_ROLES) {
    it(`${role}: no procedure answer holds audience data`, async () => {
      const answers = await everyRead(role);
      for (const [label, answer] of Object.entries(answers)) expectNoLeak(`${role} ${label}`, answer);
    });
  }

  it("the tree leaves AudienceStats out, and its parent's counts too", async () => {
    const parent = `Device.Services.STBService.1.`;
    const apps = async (role: Role) =>
      (await api(role).device.children({ id: stbId, path: parent })).children.find((c) => c.path === APPS)!;
    // The 7 audience keys (the object, Enable, the count, Channel., Channel.1. and its two values).
    const hidden = (await apps("helpdesk")).descendants;
    const seen = (await apps("product")).descendants;
    expect(seen - hidden).toBe(7);
    const level = await api("viewer").device.children({ id: stbId, path: APPS });
    expect(level.children.map((c) => c.name)).toEqual(["ServiceProviderNumberOfEntries"]);
    const unknown = await api("viewer").device.children({ id: stbId, path: `${APPS}NoSuchThing.` });
    expect(await api("viewer").device.children({ id: stbId, path: AUD })).toEqual({
      ...unknown,
      path: AUD,
    });
  });

  it("a task only about audience paths is listed as an audience task; a mixed one keeps its other paths", async () => {
    const tasks = await api("helpdesk").device.tasks({ id: stbId });
    const byId = new Map(tasks.map((t) => [t.id, t]));
    expect(byId.get(taskIds.audienceRead!)).toMatchObject({
      name: "audience task",
      request: {},
      result: null,
    });
    expect(byId.get(taskIds.audienceSet!)).toMatchObject({
      name: "audience task",
      faultCode: 9003,
      faultString: "(audience data hidden)",
    });
    expect(byId.get(taskIds.mixedRead!)?.request).toEqual({
      name: "GetParameterValues",
      parameterNames: ["Device.DeviceInfo.SoftwareVersion"],
    });
    expect(byId.get(taskIds.mixedSet!)?.result).toEqual({ setParameterValuesFault: [] });
    expect(byId.get(taskIds.ancestorRead!)?.request).toMatchObject({
      parameterNames: ["Device.Services.STBService.1."],
    });
    // The timeline names the same tasks the same way, with their faults' text gone.
    const timeline = await api("viewer").device.timeline({ id: stbId, limit: 200 });
    const fault = timeline.items.find((i) => i.kind === "fault" && i.detail.taskId === taskIds.audienceSet);
    expect(fault).toMatchObject({ title: "9003 audience task", detail: { code: 9003 } });
    expect(fault?.detail).not.toHaveProperty("message");
  });

  it("search refuses audience paths for every role; the CSV export never carries them", async () => {
    for (const role of [...HIDDEN_ROLES, ...SEEING_ROLES]) {
      const a = api(role);
      const param = { path: `${AUD}Channel.1.Name`, op: "eq" as const, value: "Canal Sport" };
      expect(await errorCodeOf(a.devices.list({ param }))).toBe("BAD_REQUEST");
      expect(await errorCodeOf(a.devices.count({ param }))).toBe("BAD_REQUEST");
      expect(await errorCodeOf(a.devices.list({ columns: ["serialNumber", `${AUD}Channel.1.Name`] }))).toBe(
        "BAD_REQUEST",
      );
      expect(await errorCodeOf(a.savedSearches.save({ name: `watchers-${role}`, query: { param } }))).toBe(
        "BAD_REQUEST",
      );
    }
    let csv = "";
    for await (const chunk of deviceCsv({}, { columns: ["serialNumber", `${AUD}Channel.1.Name`] }))
      csv += chunk;
    expect(csv).toContain("STB-AUD-1");
    expectNoLeak("csv", csv);
    let filtered = "";
    for await (const chunk of deviceCsv({
      param: { path: `${AUD}Channel.1.Name`, op: "eq", value: "Canal Sport" },
    }))
      filtered += chunk;
    expect(filtered).not.toContain("STB-AUD-1");
  });

  it("writes on audience paths need audience.read (help desk refused, nothing queued)", async () => {
    const h = api("helpdesk");
    const before = await db().task.count();
    const calls = [
      () => h.device.setValue({ id: stbId, path: `${AUD}Enable`, value: "false" }),
      () => h.device.addObject({ id: stbId, path: `${AUD}Channel.` }),
      () => h.device.deleteObject({ id: stbId, path: `${AUD}Channel.1.` }),
      () => h.device.setNotification({ id: stbId, path: `${AUD}Channel.1.Duration`, mode: "active" }),
      () => h.device.refresh({ id: stbId, path: AUD }),
      () => h.device.retryTask({ id: stbId, taskId: taskIds.audienceSet! }),
      () => h.device.retryTask({ id: stbId, taskId: taskIds.mixedSet! }),
    ];
    for (const call of calls) expect(await errorCodeOf(call())).toBe("FORBIDDEN");
    expect(await db().task.count()).toBe(before);
    // No role but admin holds devices.bulk with devices.write; the rule itself is the job's permissions.
    expect(permissionsFor({ action: "set", path: `${AUD}Enable`, value: "false" })).toContain(
      "audience.read",
    );
    expect(permissionsFor({ action: "set", path: "Device.X_Foo", value: "1" })).not.toContain(
      "audience.read",
    );
    // Refreshing an ancestor is fine: the answer lands in the tree, which is filtered.
    expect(await errorCodeOf(h.device.refresh({ id: stbId, path: "Device.Services." }))).toBeUndefined();
    // A fault group's retry skips a task touching an audience path (the group's latest: the mixed one).
    const preview = await h.faults.retryPreview({
      days: 7,
      code: 9003,
      task: "SetParameterValues",
      manufacturer: "Test",
      productClass: "STB-4K",
      modelName: "",
      softwareVersion: "",
    });
    expect(preview.skipped.map((s) => s.taskId)).toEqual([taskIds.mixedSet]);
    expectNoLeak("retryPreview", preview);
  });
});

describe("operators with audience.read", () => {
  for (const role of SEEING_ROLES) {
    it(`${role}: sees the AudienceStats tree, tasks and timeline`, async () => {
      const answers = await everyRead(role);
      expect(json(answers.channelLevel)).toContain("Canal Sport");
      expect(json(answers["search:Canal"])).toContain("Canal Sport");
      expect(json(answers.tasks)).toContain("AudienceStats");
      expect(json(answers.timeline)).toContain("Canal Sport");
      expect(json(answers.faults)).toContain("AudienceStats");
      expect(json(answers.bulkList)).toContain("AudienceStats");
      if (role === "admin") expect(json(answers.audit)).toContain("Canal Sport");
    });
  }

  it("an admin may write an audience parameter", async () => {
    const result = await api("admin").device.setValue({ id: stbId, path: `${AUD}Enable`, value: "false" });
    expect(result.taskIds).toHaveLength(1);
  });
});

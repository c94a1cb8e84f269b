import type { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACS_CREDENTIALS_CREATOR } from "../../identity/credentials";
import { db } from "../../db";
import type { Role } from "../../generated/prisma/enums";
import { taskEvents } from "../../tasks/service";
import { STB, useDeviceRouterFixture } from "./device-router-fixture";

const fixture = useDeviceRouterFixture();
let stbId = 0;
let gwId = 0;
const woken: number[] = [];
const onQueued = (id: number) => woken.push(id);

const api = (role: Role, operatorId?: number) => fixture().api(role, operatorId);
const countTasks = () => db().task.count();
const countAudit = () => db().auditLog.count();

beforeAll(() => {
  ({ stbId, gwId } = fixture());
  taskEvents.on("queued", onQueued);
});

afterAll(() => {
  taskEvents.off("queued", onQueued);
});

describe("device reads", () => {
  it("summarises a gateway: uptime, DSL line, the STBs behind it", async () => {
    const gw = await api("viewer").device.get({ id: gwId });
    expect(gw.online).toBe(true);
    expect(gw.upTime).toEqual({ seconds: 3600, readAt: fixture().readAt });
    expect(gw.wan).toMatchObject({
      status: "Up",
      upstreamKbps: 1000,
      downstreamKbps: 20000,
      downstreamMarginDb: 8.5,
    });
    expect(gw.stbs.map((s) => [s.serialNumber, s.id])).toEqual([
      ["STB0001", stbId],
      ["STB-GONE", null],
    ]);
    expect(gw).not.toHaveProperty("parameters");
    expect(gw).not.toHaveProperty("cwmpHa1");
  });

  it("reads ping results and route hops in hop order", async () => {
    const diag = await api("viewer").device.diagnostics({ id: gwId });
    expect(diag?.ping.values).toMatchObject({ DiagnosticsState: "Complete", SuccessCount: "4" });
    expect(diag?.ping.ts).toBe(fixture().readAt);
    expect(diag?.traceroute.hops.map((h) => [h.host, h.rtt])).toEqual([
      ["192.168.1.1", ""],
      ["example.net", "9,10,9"],
    ]);
  });

  it("links an STB to its gateway", async () => {
    const stb = await api("viewer").device.get({ id: stbId });
    expect(stb.online).toBe(false);
    expect(stb.gateway).toMatchObject({ id: gwId, serialNumber: "GW0001" });
  });

  it("lists direct children, objects implied by deeper paths included, instances in numeric order", async () => {
    const level = await api("viewer").device.children({ id: stbId, path: "Device.Hosts.Host." });
    expect(level.children.map((c) => c.path)).toEqual(["Device.Hosts.Host.1.", "Device.Hosts.Host.10."]);
    expect(level.children[1]).toMatchObject({ object: true, entry: null, descendants: 1 });
    expect(level.self).toMatchObject({ w: true });
    const root = await api("viewer").device.children({ id: stbId, path: "Device." });
    expect(root.children.map((c) => c.name)).toEqual([
      "DeviceInfo",
      "Hosts",
      "ManagementServer",
      "Services",
      "X_VENDOR_Setting",
    ]);
    const hdmi = await api("viewer").device.children({ id: stbId, path: STB });
    const mode = hdmi.children.find((c) => c.name === "ResolutionMode");
    expect(mode?.entry).toMatchObject({ v: "Auto", w: true });
    expect(mode?.facts?.e).toEqual(expect.arrayContaining(["Auto", "Manual"]));
  });
});

describe("device actions", () => {
  it("refuses an invalid value before anything is queued", async () => {
    const [tasks, audits] = [await countTasks(), await countAudit()];
    await expect(
      api("helpdesk").device.setValue({ id: stbId, path: `${STB}ResolutionMode`, value: "Sideways" }),
    ).rejects.toThrow(/Sideways.*9007/);
    await expect(
      api("helpdesk").device.setValue({ id: stbId, path: `${STB}Name`, value: "x" }),
    ).rejects.toThrow(/read-only.*9008/);
    await expect(
      api("helpdesk").device.setValue({ id: stbId, path: "Device.X_VENDOR_Setting", value: "seven" }),
    ).rejects.toThrow(/9006/);
    expect([await countTasks(), await countAudit()]).toEqual([tasks, audits]);
  });

  it("queues SetParameterValues with a parameter key, audited with the task id, and wakes the device", async () => {
    woken.length = 0;
    const result = await api("helpdesk").device.setValue({
      id: stbId,
      path: `${STB}ResolutionMode`,
      value: "Manual",
    });
    expect(result.online).toBe(false);
    const task = await db().task.findUniqueOrThrow({ where: { id: result.taskIds[0] } });
    expect(task).toMatchObject({ name: "SetParameterValues", state: "queued", createdBy: "op-helpdesk" });
    expect(task.request).toMatchObject({
      parameterList: [{ name: `${STB}ResolutionMode`, value: "Manual", type: "string" }],
    });
    expect((task.request as { parameterKey: string }).parameterKey).toMatch(/^vantage-/);
    const audit = await db().auditLog.findFirstOrThrow({ where: { action: "device.set_value" } });
    expect(audit).toMatchObject({ deviceId: stbId, target: `${STB}ResolutionMode` });
    expect(audit.before).toEqual({ value: "Auto" });
    expect(audit.after).toEqual({ value: "Manual", taskIds: [task.id] });
    expect(woken).toEqual([stbId]);
  });

  it("writes no task when its audit row cannot be written (same transaction)", async () => {
    const tasks = await countTasks();
    await expect(api("helpdesk", 999_999).device.reboot({ id: stbId })).rejects.toThrow();
    expect(await countTasks()).toBe(tasks);
  });

  it("queues the right RPCs for refresh, reboot, objects, attributes, interval and diagnostics", async () => {
    const h = api("helpdesk");
    const names = async (r: { taskIds: number[] }) =>
      (await db().task.findMany({ where: { id: { in: r.taskIds } }, orderBy: { id: "asc" } })).map(
        (t) => t.request,
      );
    expect(await names(await h.device.refresh({ id: stbId, path: STB }))).toEqual([
      { name: "GetParameterNames", parameterPath: STB, nextLevel: false },
      { name: "GetParameterValues", parameterNames: [STB] },
    ]);
    expect(await names(await h.device.refreshAll({ id: stbId }))).toMatchObject([
      { parameterPath: "Device." },
      { parameterNames: ["Device."] },
    ]);
    expect(await names(await h.device.reboot({ id: stbId }))).toMatchObject([{ name: "Reboot" }]);
    expect(await names(await h.device.factoryReset({ id: stbId }))).toEqual([{ name: "FactoryReset" }]);
    expect(await names(await h.device.addObject({ id: stbId, path: "Device.Hosts.Host." }))).toMatchObject([
      { name: "AddObject", objectName: "Device.Hosts.Host." },
    ]);
    expect(
      await names(await h.device.deleteObject({ id: stbId, path: "Device.Hosts.Host.1." })),
    ).toMatchObject([{ name: "DeleteObject", objectName: "Device.Hosts.Host.1." }]);
    expect(
      await names(
        await h.device.setNotification({ id: stbId, path: `${STB}ResolutionMode`, mode: "active" }),
      ),
    ).toMatchObject([
      { name: "SetParameterAttributes", parameterList: [{ notification: 2, notificationChange: true }] },
    ]);
    expect(await names(await h.device.setInformInterval({ id: stbId, seconds: 600 }))).toMatchObject([
      {
        parameterList: [
          { name: "Device.ManagementServer.PeriodicInformEnable", value: "true", type: "boolean" },
          { name: "Device.ManagementServer.PeriodicInformInterval", value: "600", type: "unsignedInt" },
        ],
      },
    ]);
    const [ping] = await names(
      await h.device.diagnose({ id: stbId, kind: "ping", host: "127.0.0.53", count: 3 }),
    );
    expect(ping).toMatchObject({
      name: "SetParameterValues",
      parameterList: [
        { name: "Device.IP.Diagnostics.IPPing.Host", value: "127.0.0.53" },
        { name: "Device.IP.Diagnostics.IPPing.NumberOfRepetitions", value: "3" },
        { name: "Device.IP.Diagnostics.IPPing.DiagnosticsState", value: "Requested" },
      ],
    });
    await expect(h.device.deleteObject({ id: stbId, path: "Device.Hosts.Host." })).rejects.toThrow(
      /instances/,
    );
  });

  it("cancels a queued task and retries a cancelled one, each audited", async () => {
    const { taskIds } = await api("helpdesk").device.reboot({ id: stbId });
    const cancelled = await api("helpdesk").device.cancelTask({ id: stbId, taskId: taskIds[0]! });
    expect(cancelled.state).toBe("cancelled");
    const retried = await api("helpdesk").device.retryTask({ id: stbId, taskId: taskIds[0]! });
    expect(retried.taskIds[0]).toBeGreaterThan(taskIds[0]!);
    const actions = await db().auditLog.findMany({ where: { action: { startsWith: "task." } } });
    expect(actions.map((a) => a.action).sort()).toEqual(["task.cancel", "task.retry"]);
    await expect(api("helpdesk").device.cancelTask({ id: gwId, taskId: taskIds[0]! })).rejects.toThrow(
      /not found/,
    );
  });

  it("a retry needs the permission of the values it sends again; a masked secret is never written back", async () => {
    const url = "Device.ManagementServer.URL";
    const task = await db().task.create({
      data: {
        deviceId: stbId,
        name: "SetParameterValues",
        request: {
          name: "SetParameterValues",
          parameterList: [{ name: url, value: "http://127.0.0.1:7547/", type: "string" }],
          parameterKey: "k",
        },
        state: "fault",
        createdBy: "op-admin",
      },
    });
    const before = await countTasks();
    const refused = api("helpdesk").device.retryTask({ id: stbId, taskId: task.id });
    await expect(refused).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await countTasks()).toBe(before);
    await expect(api("admin").device.retryTask({ id: stbId, taskId: task.id })).resolves.toBeDefined();

    const key = "Device.WiFi.AccessPoint.1.Security.KeyPassphrase";
    const masked = api("admin").device.setValue({ id: stbId, path: key, value: "••••••••" });
    await expect(masked).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("never retries the task that carried a device's own ACS credentials (its HA1 is gone)", async () => {
    const task = await db().task.create({
      data: {
        deviceId: stbId,
        name: "SetParameterValues",
        request: {
          name: "SetParameterValues",
          parameterList: [
            { name: "Device.ManagementServer.Username", value: "stb-own", type: "string" },
            { name: "Device.ManagementServer.Password", value: "own-pw", type: "string" },
          ],
          parameterKey: "k",
        },
        state: "fault",
        createdBy: ACS_CREDENTIALS_CREATOR,
      },
    });
    const before = await countTasks();
    const retry = api("admin").device.retryTask({ id: stbId, taskId: task.id });
    await expect(retry).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await countTasks()).toBe(before);
  });

  it("edits tags and notes with an audit row", async () => {
    expect(await api("helpdesk").device.setTags({ id: stbId, tags: ["vip", " vip", "lab"] })).toEqual([
      "lab",
      "vip",
    ]);
    await api("helpdesk").device.setNotes({ id: stbId, notes: "Customer reports freezes" });
    const stb = await api("viewer").device.get({ id: stbId });
    expect(stb).toMatchObject({ tags: ["lab", "vip"], notes: "Customer reports freezes" });
    expect(await db().auditLog.count({ where: { action: { in: ["device.tags", "device.notes"] } } })).toBe(2);
  });
});

describe("timeline", () => {
  it("merges informs, tasks and operator actions newest first and pages without gaps", async () => {
    const all = await api("viewer").device.timeline({ id: stbId, limit: 200 });
    expect(all.nextCursor).toBeNull();
    const kinds = new Set(all.items.map((i) => i.kind));
    expect(kinds).toEqual(new Set(["inform", "task", "task-end", "audit"]));
    const boot = all.items.find((i) => i.kind === "inform");
    expect(boot?.title).toBe("1 BOOT, M Reboot");
    const times = all.items.map((i) => i.at.getTime());
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    const paged = [];
    let cursor = null;
    for (let i = 0; i < 50; i++) {
      const page: Awaited<ReturnType<ReturnType<typeof api>["device"]["timeline"]>> = await api(
        "viewer",
      ).device.timeline({ id: stbId, limit: 4, cursor });
      paged.push(...page.items);
      cursor = page.nextCursor;
      if (!cursor) break;
    }
    expect(paged.map((i) => i.key)).toEqual(all.items.map((i) => i.key));
  });
});

describe("permissions", () => {
  it("lets a viewer read but refuses every action", async () => {
    const v = api("viewer");
    const refusals = [
      v.device.setValue({ id: stbId, path: `${STB}ResolutionMode`, value: "Manual" }),
      v.device.refresh({ id: stbId, path: STB }),
      v.device.refreshAll({ id: stbId }),
      v.device.reboot({ id: stbId }),
      v.device.factoryReset({ id: stbId }),
      v.device.addObject({ id: stbId, path: "Device.Hosts.Host." }),
      v.device.setTags({ id: stbId, tags: [] }),
      v.device.diagnose({ id: stbId, kind: "ping", host: "x" }),
      v.device.cancelTask({ id: stbId, taskId: 1 }),
    ];
    for (const r of await Promise.allSettled(refusals)) {
      expect(r.status).toBe("rejected");
      expect(((r as PromiseRejectedResult).reason as TRPCError).code).toBe("FORBIDDEN");
    }
  });

  it("keeps reboot from NOC and factory reset from product", async () => {
    await expect(api("noc").device.reboot({ id: stbId })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(api("product").device.factoryReset({ id: stbId })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(api("noc").device.tasks({ id: stbId })).resolves.toBeInstanceOf(Array);
  });
});

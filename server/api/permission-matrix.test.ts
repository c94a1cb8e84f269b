// Walks every procedure of the app router for every role: a procedure is refused (FORBIDDEN, before
// its input is even parsed) exactly when ROLE_PERMISSIONS denies the role the permission the procedure
// declares. Procedures are enumerated from the router, so a new one is covered without editing this
// file, and one that declares no permission fails here unless listed as open to every signed-in operator.
// Then, with valid input against a seeded device: an allowed call succeeds (a refusal by a later check
// would otherwise pass as "not FORBIDDEN"), each bulk action per role, and ManagementServer writes per role.
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore, type Store } from "../database/connect";
import { db } from "../db";
import { overrideSettings } from "../env";
import type { Role } from "../generated/prisma/enums";
import { hasPermission, PERMISSIONS, ROLE_PERMISSIONS, type Permission } from "../../lib/permissions";
import { appRouter, createCaller } from "./root";
import type { ProcedureMeta, TRPCContext } from "./trpc";

/** Procedures any signed-in operator may call, on purpose. */
const SIGNED_IN_ONLY = new Set(["session.me"]);

const ROLES = Object.keys(ROLE_PERMISSIONS) as Role[];
// Not a valid input for any procedure: allowed calls stop at input validation, before any service. A
// plain string (no NUL): strings that can't be stored are refused before authentication, as BAD_REQUEST.
const INVALID_INPUT = "not a valid input";

interface ProcedureDef {
  type: "query" | "mutation" | "subscription";
  meta?: ProcedureMeta;
}

const procedures = Object.entries(
  appRouter._def.procedures as unknown as Record<string, { _def: ProcedureDef }>,
).map(([path, procedure]) => ({
  path,
  type: procedure._def.type,
  permission: procedure._def.meta?.permission,
}));

function context(role: Role | null): TRPCContext {
  const operator = role
    ? { id: operatorIds.get(role) ?? 1, username: `${role}-matrix`, name: "", role }
    : null;
  return { session: operator ? { operator, expires: "" } : null, operator, headers: new Headers() };
}

/** Call `path` ("devices.list") through a server-side caller and return the error code, if any. */
async function call(
  role: Role | null,
  path: string,
  ...args: [input?: unknown]
): Promise<string | undefined> {
  // No argument: the invalid input; an explicit `undefined` is a valid input for optional ones.
  const input = args.length === 0 ? INVALID_INPUT : args[0];
  let target: unknown = createCaller(context(role));
  for (const key of path.split(".")) target = (target as Record<string, unknown>)[key];
  try {
    const result: unknown = await (target as (input: unknown) => Promise<unknown>)(input);
    // A subscription hands back an iterator; drain nothing, just close it.
    const iterator = result as { return?: () => unknown } | null;
    if (iterator && typeof iterator === "object" && typeof iterator.return === "function")
      await iterator.return();
    return undefined;
  } catch (error) {
    return error instanceof TRPCError ? error.code : `not a TRPCError: ${String(error)}`;
  }
}

let store: Store;

/** Seeded below: one operator row per role (audit rows name them), a TR-181 device, an operator to edit. */
const operatorIds = new Map<Role, number>();
let deviceId = 0;
let targetOperatorId = 0;
const ts = Date.now() - 60_000;

beforeAll(async () => {
  overrideSettings({ LOG_LEVEL: "silent" });
  // A database in case a procedure accepts any input and reaches its service.
  store = await openStore({ dataDir: "memory:" });
  for (const role of ROLES) {
    const op = await db().operator.create({ data: { username: `${role}-matrix`, passwordHash: "x", role } });
    operatorIds.set(role, op.id);
  }
  targetOperatorId = (
    await db().operator.create({ data: { username: "matrix-target", passwordHash: "x", role: "viewer" } })
  ).id;
  deviceId = (
    await db().device.create({
      data: {
        oui: "00D09E",
        productClass: "STB-4K",
        serialNumber: "MATRIX1",
        manufacturer: "Test",
        kind: "STB",
        rootObject: "Device",
        lastInform: { create: { informedAt: new Date() } },
        periodicInformInterval: 300,
        parameters: {
          "Device.DeviceInfo.SoftwareVersion": { v: "1.0", t: "string", w: false, ts },
          "Device.WiFi.SSID.1.SSID": { v: "home", t: "string", w: true, ts },
          "Device.ManagementServer.URL": { v: "http://127.0.0.1:7547/", t: "string", w: true, ts },
          "Device.ManagementServer.Username": { v: "cpe", t: "string", w: true, ts },
          "Device.ManagementServer.PeriodicInformEnable": { v: "1", t: "boolean", w: true, ts },
          "Device.ManagementServer.PeriodicInformInterval": { v: "300", t: "unsignedInt", w: true, ts },
        },
      },
    })
  ).id;
});

afterAll(async () => {
  await store.close();
});

describe("role x procedure permission matrix", () => {
  it("finds the procedures", () => {
    expect(procedures.length).toBeGreaterThan(5);
    expect(procedures.map((p) => p.path)).toContain("operators.create");
  });

  it("every procedure declares a known permission or is listed as open to every signed-in operator", () => {
    const undeclared = procedures
      .filter((p) => !p.permission && !SIGNED_IN_ONLY.has(p.path))
      .map((p) => p.path);
    expect(undeclared, "procedures without permissionProcedure(...)").toEqual([]);
    for (const p of procedures)
      if (p.permission) expect(PERMISSIONS as readonly Permission[]).toContain(p.permission);
    for (const path of SIGNED_IN_ONLY) expect(procedures.map((p) => p.path)).toContain(path);
  });

  it.each(procedures.map((p) => [p.path, p] as const))("%s refuses anonymous callers", async (_path, p) => {
    expect(await call(null, p.path)).toBe("UNAUTHORIZED");
  });

  const cells = procedures.flatMap((p) => ROLES.map((role) => [p.path, role, p.permission] as const));
  it.each(cells)("%s as %s", async (path, role, permission) => {
    const allowed = permission === undefined || hasPermission(role, permission);
    const code = await call(role, path);
    if (allowed)
      expect(code, `${role} should be allowed ${path} (${permission ?? "signed-in"})`).not.toBe("FORBIDDEN");
    else expect(code, `${role} should be refused ${path} (${permission})`).toBe("FORBIDDEN");
  });
});

/** A valid input per procedure (made when the call is made: it may need a fresh row), per role. */
const VALID: Record<string, (role: Role) => unknown> = {
  "session.me": () => undefined,
  "devices.list": () => ({}),
  "devices.count": () => ({}),
  "devices.facets": () => undefined,
  "device.get": () => ({ id: deviceId }),
  "device.timeline": () => ({ id: deviceId }),
  "device.children": () => ({ id: deviceId, path: "" }),
  "device.tasks": () => ({ id: deviceId }),
  "device.diagnostics": () => ({ id: deviceId }),
  "device.setTags": (role) => ({ id: deviceId, tags: [`by-${role}`] }),
  "device.setNotes": (role) => ({ id: deviceId, notes: `noted by ${role}` }),
  "device.refresh": () => ({ id: deviceId, path: "Device.WiFi." }),
  "device.refreshAll": () => ({ id: deviceId }),
  "device.setValue": (role) => ({ id: deviceId, path: "Device.WiFi.SSID.1.SSID", value: `ssid-${role}` }),
  "device.addObject": () => ({ id: deviceId, path: "Device.WiFi.SSID." }),
  "device.deleteObject": () => ({ id: deviceId, path: "Device.WiFi.SSID.1." }),
  "device.setNotification": () => ({ id: deviceId, path: "Device.WiFi.SSID.1.SSID", mode: "active" }),
  "device.setInformInterval": () => ({ id: deviceId, seconds: 600 }),
  "device.diagnose": () => ({ id: deviceId, kind: "ping", host: "127.0.0.1" }),
  "device.reboot": () => ({ id: deviceId }),
  "device.factoryReset": () => ({ id: deviceId }),
  "bulk.create": () => ({ action: { action: "tag", tag: "matrix" }, selection: { deviceIds: [deviceId] } }),
  "bulk.list": () => ({}),
  "audit.list": () => ({}),
  "audit.operators": () => ({}),
  "operators.list": () => ({}),
  "operators.create": (role) => ({
    username: `new-${role}`,
    name: "",
    role: "viewer",
    password: "a long enough password 1",
  }),
  "operators.setDisabled": () => ({ id: targetOperatorId, disabled: false }),
  "operators.changeRole": () => ({ id: targetOperatorId, role: "viewer" }),
  "datamodel.lookup": () => ({ path: "Device.DeviceInfo.SoftwareVersion" }),
  "datamodel.imports": () => ({}),
  "savedSearches.list": () => undefined,
  "identity.conflicts": () => ({}),
  "identity.deviceConflicts": () => ({ deviceId }),
  "identity.credentials": () => ({ deviceId }),
  "faults.summary": () => ({ days: 7 }),
  "faults.retryPreview": () => ({ ...FAULT_GROUP }),
  "profiles.list": () => ({}),
  "profiles.templates": () => ({}),
  "profiles.conflicts": () => ({}),
  "profiles.device": () => ({ deviceId }),
  "profiles.check": () => ({ definition: PROFILE_DEFINITION }),
  "profiles.preview": () => ({ id: null, definition: PROFILE_DEFINITION, priority: 100 }),
  "profiles.save": (role) => ({
    id: null,
    profile: { name: `matrix ${role}`, definition: PROFILE_DEFINITION },
  }),
};

const PROFILE_DEFINITION = {
  triggers: ["boot"],
  parameters: [{ path: "Device.ManagementServer.PeriodicInformInterval", value: "600" }],
};

/** A fault group with nothing in it: the preview answers with zero counts (the retry is in NEEDS_STATE). */
const FAULT_GROUP = {
  days: 1,
  code: 9002,
  task: "SetParameterValues",
  manufacturer: "none",
  productClass: "none",
  modelName: "none",
  softwareVersion: "none",
};

/** Beyond the procedure's own permission, what the valid input above needs (bulk "tag": devices.write). */
const ALSO_NEEDS: Record<string, Permission[]> = { "bulk.create": ["devices.write"] };

/** Device actions and bulk jobs that need a row made by another call first; covered in their own tests. */
const NEEDS_STATE = new Set(["device.cancelTask", "device.retryTask", "bulk.cancel", "faults.retry"]);

describe("allowed calls succeed with valid input", () => {
  it("covers every device action and bulk mutation", () => {
    const uncovered = procedures
      .filter((p) => /^(device|bulk)\./.test(p.path) && p.type === "mutation")
      .filter((p) => !(p.path in VALID) && !NEEDS_STATE.has(p.path))
      .map((p) => p.path);
    expect(uncovered).toEqual([]);
  });

  const cells = procedures
    .filter((p) => p.path in VALID)
    .flatMap((p) => ROLES.map((role) => [p.path, role, p.permission] as const));
  it.each(cells)("%s as %s", async (path, role, permission) => {
    const needed = [...(permission ? [permission] : []), ...(ALSO_NEEDS[path] ?? [])];
    const allowed = needed.every((p) => hasPermission(role, p));
    const code = await call(role, path, VALID[path]?.(role));
    if (allowed) expect(code, `${role} should succeed at ${path}`).toBeUndefined();
    else expect(code, `${role} should be refused ${path} (${permission})`).toBe("FORBIDDEN");
  });
});

// Written out here rather than derived from the code under test: the rule of issue 7, per action.
const BULK_NEEDS: Record<string, Permission> = {
  tag: "devices.write",
  untag: "devices.write",
  refresh: "devices.write",
  reboot: "devices.reboot",
  set: "devices.write",
};
const BULK_ACTIONS: Record<string, unknown> = {
  tag: { action: "tag", tag: "matrix" },
  untag: { action: "untag", tag: "matrix" },
  refresh: { action: "refresh" },
  reboot: { action: "reboot" },
  set: { action: "set", path: "Device.WiFi.SSID.1.SSID", value: "bulk" },
};

describe("bulk jobs hold each action to its own permission", () => {
  const cells = Object.keys(BULK_ACTIONS).flatMap((action) => ROLES.map((role) => [action, role] as const));
  it.each(cells)("bulk %s as %s", async (action, role) => {
    const allowed = hasPermission(role, "devices.bulk") && hasPermission(role, BULK_NEEDS[action]!);
    const before = await db().bulkJob.count();
    const code = await call(role, "bulk.create", {
      action: BULK_ACTIONS[action],
      selection: { deviceIds: [deviceId] },
    });
    expect(code).toBe(allowed ? undefined : "FORBIDDEN");
    expect(await db().bulkJob.count()).toBe(before + (allowed ? 1 : 0));
  });

  it("noc may not reboot, set or refresh in bulk (as device.reboot refuses it)", async () => {
    for (const action of ["reboot", "set", "refresh", "tag"])
      expect(
        await call("noc", "bulk.create", { action: BULK_ACTIONS[action], selection: { filter: {} } }),
        action,
      ).toBe("FORBIDDEN");
  });

  it("there is no bulk factory reset to escalate through: refused as invalid for every role", async () => {
    for (const role of ROLES) {
      const code = await call(role, "bulk.create", {
        action: { action: "factoryReset" },
        selection: { deviceIds: [deviceId] },
      });
      expect(code, role).toBe(hasPermission(role, "devices.bulk") ? "BAD_REQUEST" : "FORBIDDEN");
    }
  });
});

describe("ManagementServer.* is written only with devices.management_server (admin)", () => {
  const ACS = "http://127.0.0.2:7547/acs";
  const MS_ROLES: Role[] = ["admin"];
  const INFORM_ROLES: Role[] = ["admin", "helpdesk"];

  it("only admin holds devices.management_server", () => {
    expect(ROLES.filter((r) => hasPermission(r, "devices.management_server"))).toEqual(MS_ROLES);
  });

  it.each(ROLES)("device.setValue Device.ManagementServer.URL as %s", async (role) => {
    const before = await db().task.count();
    const code = await call(role, "device.setValue", {
      id: deviceId,
      path: "Device.ManagementServer.URL",
      value: ACS,
    });
    expect(code).toBe(MS_ROLES.includes(role) ? undefined : "FORBIDDEN");
    expect(await db().task.count()).toBe(before + (MS_ROLES.includes(role) ? 1 : 0));
  });

  it.each(ROLES)("device.setValue Device.ManagementServer.Username (any spelling) as %s", async (role) => {
    const code = await call(role, "device.setValue", {
      id: deviceId,
      path: "Device.managementServer.Username",
      value: "other",
    });
    // admin passes the permission check; the data model then refuses the misspelt path.
    expect(code).toBe(MS_ROLES.includes(role) ? "BAD_REQUEST" : "FORBIDDEN");
  });

  it.each(ROLES)("inform interval (exempt) as %s: setValue and setInformInterval", async (role) => {
    const allowed = INFORM_ROLES.includes(role);
    expect(
      await call(role, "device.setValue", {
        id: deviceId,
        path: "Device.ManagementServer.PeriodicInformInterval",
        value: "900",
      }),
    ).toBe(allowed ? undefined : "FORBIDDEN");
    expect(await call(role, "device.setInformInterval", { id: deviceId, seconds: 900 })).toBe(
      allowed ? undefined : "FORBIDDEN",
    );
  });

  it.each(ROLES)("bulk set Device.ManagementServer.URL as %s", async (role) => {
    const code = await call(role, "bulk.create", {
      action: { action: "set", path: "Device.ManagementServer.URL", value: ACS },
      selection: { deviceIds: [deviceId] },
    });
    expect(code).toBe(MS_ROLES.includes(role) ? undefined : "FORBIDDEN");
  });

  it.each(ROLES)("bulk set of the inform interval (exempt) as %s", async (role) => {
    const code = await call(role, "bulk.create", {
      action: { action: "set", path: "Device.ManagementServer.PeriodicInformInterval", value: "900" },
      selection: { deviceIds: [deviceId] },
    });
    const allowed = hasPermission(role, "devices.bulk") && hasPermission(role, "devices.write");
    expect(code).toBe(allowed ? undefined : "FORBIDDEN");
  });
});

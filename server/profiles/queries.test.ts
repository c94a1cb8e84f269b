// Saving, previewing and reading profiles against the embedded database.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { profileSaveSchema, type ProfileSaveInput } from "../../lib/profiles/input";
import { openStore, type Store } from "../database/connect";
import { db } from "../db";
import { overrideSettings } from "../env";
import { applyProfileNow } from "./apply";
import { evaluateDevice } from "./engine";
import { enabledProfiles } from "./catalog";
import { saveProfile } from "./profiles";
import { previewProfile } from "./preview";
import { deviceProfiles, getProfile, listProfiles, profileConflicts } from "./queries";

let store: Store;
let admin: { id: number; username: string; role: "admin" };
let product: { id: number; username: string; role: "product" };
const MS = "Device.ManagementServer.";
const ts = Date.now();

beforeAll(async () => {
  overrideSettings({ LOG_LEVEL: "silent" });
  store = await openStore({ dataDir: "memory:" });
  const a = await db().operator.create({ data: { username: "pa", passwordHash: "x", role: "admin" } });
  const p = await db().operator.create({ data: { username: "pp", passwordHash: "x", role: "product" } });
  admin = { id: a.id, username: a.username, role: "admin" };
  product = { id: p.id, username: p.username, role: "product" };
  const device = (serial: string, kind: "STB" | "GATEWAY", softwareVersion: string, interval?: string) =>
    db().device.create({
      data: {
        oui: "00D09E",
        productClass: kind,
        serialNumber: serial,
        manufacturer: "Acme",
        kind,
        rootObject: "Device",
        softwareVersion,
        parameters: interval
          ? { [`${MS}PeriodicInformInterval`]: { v: interval, t: "unsignedInt", ts } }
          : {},
      },
    });
  await device("S1", "STB", "1.0", "300");
  await device("S2", "STB", "2.0", "600");
  await device("S3", "STB", "2.1");
  await device("G1", "GATEWAY", "5.0", "300");
});
afterAll(async () => {
  await store.close();
});

const save = (actor: typeof admin | typeof product, input: ProfileSaveInput, id: number | null = null) =>
  saveProfile(actor, id, profileSaveSchema.parse(input));

describe("saving profiles", () => {
  it("refuses rows the data model refuses, and ManagementServer rows without the admin permission", async () => {
    const bad = await save(admin, {
      name: "Bad",
      definition: { triggers: ["boot"], parameters: [{ path: "Device.DeviceInfo.UpTime", value: "1" }] },
    });
    expect(bad).toEqual({
      ok: false,
      refused: [
        { row: "parameters[0]", path: "Device.DeviceInfo.UpTime", reason: "read-only in the data model" },
      ],
    });
    const url = {
      name: "ACS URL",
      definition: {
        triggers: ["boot" as const],
        parameters: [{ path: `${MS}URL`, value: "http://127.0.0.1:7547/" }],
      },
    };
    expect((await save(product, url)).ok).toBe(false);
    expect((await save(admin, url)).ok).toBe(true);
    expect(await db().profile.count({ where: { name: "Bad" } })).toBe(0);
  });

  it("every save is a version with history and an audit row; secrets are sealed and shown by name only", async () => {
    const input = {
      name: "Creds",
      definition: {
        triggers: ["boot" as const],
        parameters: [{ path: `${MS}ConnectionRequestPassword`, value: "${secret:cr}" }],
      },
      secrets: { cr: "cr-secret-value" },
    };
    const first = await save(admin, input);
    if (!first.ok) throw new Error("refused");
    const second = await save(admin, { ...input, description: "v2", secrets: { cr: null } }, first.id);
    expect(second).toMatchObject({ ok: true, version: 2 });
    const stored = await db().profile.findUnique({ where: { id: first.id }, select: { secrets: true } });
    expect(JSON.stringify(stored)).not.toContain("cr-secret-value");
    const profile = await getProfile(first.id);
    expect(profile.secretNames).toEqual(["cr"]);
    expect(profile.versions.map((v) => v.version)).toEqual([2, 1]);
    expect(JSON.stringify(profile)).not.toContain("cr-secret-value");
    const audit = await db().auditLog.findMany({ where: { target: "Creds" }, orderBy: { id: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["profile.create", "profile.update"]);
    expect(JSON.stringify(audit.map((r) => [r.before, r.after]))).not.toContain("cr-secret-value");
    expect(audit[1]?.before).toMatchObject({ description: "", secretNames: ["cr"] });
    // Keeping a secret that was never stored is refused.
    const keep = await save(admin, { ...input, name: "Creds2", secrets: { other: null } });
    expect(keep.ok).toBe(false);
  });
});

describe("preview, conflicts and device view", () => {
  it("previews matched, changing and unknown devices, with the paths that change", async () => {
    const definition = profileSaveSchema.shape.definition.parse({
      precondition: { kinds: ["STB"], softwareVersion: { min: "2.0" } },
      triggers: ["periodic"],
      parameters: [{ path: `${MS}PeriodicInformInterval`, value: "600" }],
    });
    const preview = await previewProfile(null, definition, 100);
    // S2 (2.0) matches and already has 600; S3 (2.1) matches, value unknown; S1 (1.0) and G1 do not.
    expect(preview).toMatchObject({ matched: 2, changing: 0, unknown: 1, truncated: false });
    const wider = await previewProfile(
      null,
      { ...definition, precondition: { ...definition.precondition, softwareVersion: undefined } },
      100,
    );
    expect(wider).toMatchObject({ matched: 3, changing: 1, unknown: 1 });
    expect(wider.paths).toEqual([{ path: `${MS}PeriodicInformInterval`, devices: 1 }]);
  });

  it("reports a shared path set differently, the winner by priority, and the device's owner", async () => {
    const a = await save(admin, {
      name: "Fast",
      enabled: true,
      priority: 50,
      definition: {
        triggers: ["periodic"],
        parameters: [{ path: `${MS}PeriodicInformInterval`, value: "60" }],
      },
    });
    const b = await save(admin, {
      name: "Slow",
      enabled: true,
      priority: 10,
      definition: {
        precondition: { kinds: ["STB"] },
        triggers: ["periodic"],
        parameters: [{ path: `${MS}PeriodicInformInterval`, value: "3600" }],
      },
    });
    if (!a.ok || !b.ok) throw new Error("refused");
    const s1 = await db().device.findFirstOrThrow({ where: { serialNumber: "S1" } });
    const candidates = (await enabledProfiles()).filter((p) => p.id === a.id || p.id === b.id);
    await evaluateDevice(s1.id, { candidates, triggered: new Set([a.id, b.id]) });
    const conflicts = await profileConflicts();
    expect(conflicts).toContainEqual({
      path: `${MS}PeriodicInformInterval`,
      winner: { id: a.id, name: "Fast", value: "60" },
      loser: { id: b.id, name: "Slow", value: "3600" },
      devices: 1,
    });
    const view = await deviceProfiles(s1.id);
    const slow = view.find((v) => v.profileId === b.id);
    expect(slow?.overridden).toEqual([{ path: `${MS}PeriodicInformInterval`, by: "Fast" }]);
    expect(view.find((v) => v.profileId === a.id)?.state?.ownedPaths).toEqual([
      `${MS}PeriodicInformInterval`,
    ]);
    const list = await listProfiles();
    expect(list.find((p) => p.id === a.id)?.matched).toBe(1);
  });

  it("apply now makes the profile pending and due for the named devices", async () => {
    const p = await save(admin, {
      name: "On demand",
      enabled: true,
      definition: {
        triggers: ["on_demand"],
        parameters: [{ path: `${MS}PeriodicInformInterval`, value: "900" }],
      },
    });
    if (!p.ok) throw new Error("refused");
    const g1 = await db().device.findFirstOrThrow({ where: { serialNumber: "G1" } });
    expect(await applyProfileNow(admin, p.id, [g1.id, g1.id, 999_999])).toBe(1);
    const row = await db().deviceProfile.findUnique({
      where: { deviceId_profileId: { deviceId: g1.id, profileId: p.id } },
    });
    expect(row).toMatchObject({ status: "pending", step: null });
    expect((await db().device.findUniqueOrThrow({ where: { id: g1.id } })).profilesDueAt).not.toBeNull();
  });
});

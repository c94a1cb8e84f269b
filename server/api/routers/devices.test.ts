import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore, type Store } from "../../database/connect";
import { db } from "../../db";
import { isOnline } from "../../devices/queries";
import { overrideSettings } from "../../env";
import { Role } from "../../generated/prisma/enums";
import { callerAs, anonymousCaller, errorCodeOf } from "../test-callers";

let store: Store;
const operators = new Map<Role, number>();

function api(role: Role | null = "viewer") {
  if (!role) return anonymousCaller();
  const operator = { id: operators.get(role) ?? 0, username: `${role}-user`, name: "", role };
  return callerAs(operator);
}

beforeAll(async () => {
  overrideSettings({ LOG_LEVEL: "silent" });
  store = await openStore({ dataDir: "memory:" });
  for (const role of Object.values(Role)) {
    const op = await db().operator.create({ data: { username: `${role}-user`, role, passwordHash: "x" } });
    operators.set(role, op.id);
  }
  const now = Date.now();
  for (const [i, serialNumber] of ["GW01", "GW02", "STB03"].entries()) {
    await db().device.create({
      data: {
        oui: "00D09E",
        productClass: serialNumber.startsWith("STB") ? "STB-4K" : "HGW",
        manufacturer: i === 2 ? "Kaon" : "Test",
        serialNumber,
        kind: serialNumber.startsWith("STB") ? "STB" : "GATEWAY",
        softwareVersion: `1.${i}`,
        periodicInformInterval: 300,
        lastInform: { create: { informedAt: new Date(now - i * 1000 * 1000) } },
      },
    });
  }
});

afterAll(async () => {
  await store.close();
});

describe("devices router", () => {
  it("lets every role search, count and read facets, and refuses the signed-out", async () => {
    for (const role of Object.values(Role)) {
      const list = await api(role).devices.list({ q: "gw0", sort: "serialNumber", dir: "asc" });
      expect(list.rows.map((r) => r.serialNumber)).toEqual(["GW01", "GW02"]);
      expect(await api(role).devices.count({ kind: "STB" })).toEqual({ total: 1, capped: false });
      expect((await api(role).devices.facets()).manufacturer).toEqual(["Kaon", "Test"]);
    }
    expect(await errorCodeOf(api(null).devices.list({}))).toBe("UNAUTHORIZED");
    expect(await errorCodeOf(api(null).devices.count({}))).toBe("UNAUTHORIZED");
    expect(await errorCodeOf(api(null).devices.facets())).toBe("UNAUTHORIZED");
  });

  it("computes the online badge and rejects invalid input", async () => {
    const list = await api().devices.list({ sort: "serialNumber", dir: "asc" });
    expect(list.rows.map((r) => [r.serialNumber, r.online])).toEqual([
      ["GW01", true],
      ["GW02", false],
      ["STB03", false],
    ]);
    expect(await errorCodeOf(api().devices.list({ pageSize: 201 }))).toBe("BAD_REQUEST");
    expect(await errorCodeOf(api().devices.list({ kind: "TOASTER" as "STB" }))).toBe("BAD_REQUEST");
  });
});

describe("savedSearches router", () => {
  it("saves, replaces, lists and deletes an operator's own searches with audit rows", async () => {
    const helpdesk = api("helpdesk");
    const saved = await helpdesk.savedSearches.save({
      name: " Offline STBs ",
      query: { kind: "STB", online: false },
    });
    expect(saved).toMatchObject({
      name: "Offline STBs",
      query: { kind: "STB", online: false, sort: "lastInform" },
    });
    const replaced = await helpdesk.savedSearches.save({ name: "Offline STBs", query: { kind: "STB" } });
    expect(replaced.id).toBe(saved.id);
    expect((await helpdesk.savedSearches.list()).map((s) => [s.name, s.query.online])).toEqual([
      ["Offline STBs", undefined],
    ]);
    expect(await api("viewer").savedSearches.list()).toEqual([]);
    expect(await errorCodeOf(api("viewer").savedSearches.delete({ id: saved.id }))).toBe("NOT_FOUND");
    expect(await errorCodeOf(helpdesk.savedSearches.save({ name: "  ", query: {} }))).toBe("BAD_REQUEST");

    await helpdesk.savedSearches.delete({ id: saved.id });
    expect(await helpdesk.savedSearches.list()).toEqual([]);
    const audit = await db().auditLog.findMany({
      where: { operatorId: operators.get("helpdesk") },
      orderBy: { id: "asc" },
    });
    expect(audit.map((a) => a.action)).toEqual([
      "saved_search.save",
      "saved_search.save",
      "saved_search.delete",
    ]);
    expect(audit[1]?.before).toMatchObject({ query: { kind: "STB", online: false } });
    expect(audit[2]?.target).toBe(`Offline STBs (#${saved.id})`);
    expect(await errorCodeOf(api(null).savedSearches.list())).toBe("UNAUTHORIZED");
  });
});

describe("isOnline", () => {
  const at = new Date("2026-11-21T12:00:00Z");
  const ago = (s: number) => new Date(at.getTime() - s * 1000);
  it("is 2 x interval + 60 s, with 300 s assumed when unknown", () => {
    expect(isOnline(ago(659), null, at)).toBe(true);
    expect(isOnline(ago(660), null, at)).toBe(false);
    expect(isOnline(ago(259), 100, at)).toBe(true);
    expect(isOnline(ago(260), 100, at)).toBe(false);
    expect(isOnline(null, 300, at)).toBe(false);
  });
});

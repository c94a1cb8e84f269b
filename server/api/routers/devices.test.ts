import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore, type Store } from "../../database/connect";
import { db } from "../../db";
import { isOnline } from "../../devices/queries";
import { overrideSettings } from "../../env";
import type { DeviceKind, Role } from "../../generated/prisma/enums";
import { createCaller } from "../root";

let store: Store;
const now = Date.now();

function api(role: Role = "viewer") {
  const operator = { id: 1, username: "tester", name: "", role };
  return createCaller({ session: { operator, expires: "" }, operator, headers: new Headers() });
}

beforeAll(async () => {
  overrideSettings({ LOG_LEVEL: "silent" });
  store = await openStore({ dataDir: "memory:" });
  const device = (
    serialNumber: string,
    kind: DeviceKind,
    agoS: number | null,
    interval: number | null,
    ip: string,
  ) => ({
    oui: "00D09E",
    productClass: kind === "STB" ? "STB-4K" : "HGW",
    manufacturer: "Test",
    serialNumber,
    kind,
    ipAddress: ip,
    macAddress: `AA:BB:CC:00:00:${serialNumber.slice(-2)}`,
    subscriberId: `SUB-${serialNumber}`,
    periodicInformInterval: interval,
    lastInform: agoS === null ? null : new Date(now - agoS * 1000),
  });
  await db().device.createMany({
    data: [
      device("GW01", "GATEWAY", 10, 300, "10.0.0.1"), // online
      device("GW02", "GATEWAY", 700, null, "10.0.0.2"), // default 300 s: window 660 s -> offline
      device("GW03", "GATEWAY", 3000, 3600, "10.0.0.3"), // hourly informer: window 7260 s -> online
      device("STB04", "STB", 600, null, "10.0.1.4"), // within 660 s -> online
      device("STB05", "STB", null, 300, "10.0.1.5"), // never informed -> offline
    ],
  });
});

afterAll(async () => {
  await store.close();
});

const serials = (rows: { serialNumber: string }[]) => rows.map((r) => r.serialNumber);

describe("devices.list", () => {
  it("lists every device with total and online computed per inform interval", async () => {
    const result = await api().devices.list({ sort: { field: "serialNumber", direction: "asc" } });
    expect(result.total).toBe(5);
    expect(result.rows.map((r) => [r.serialNumber, r.online])).toEqual([
      ["GW01", true],
      ["GW02", false],
      ["GW03", true],
      ["STB04", true],
      ["STB05", false],
    ]);
    expect(result.rows[0]?.lastInform).toBeInstanceOf(Date);
  });

  it("filters online and offline in SQL with the same rule as the badge", async () => {
    expect(
      serials(
        (await api().devices.list({ online: true, sort: { field: "serialNumber", direction: "asc" } })).rows,
      ),
    ).toEqual(["GW01", "GW03", "STB04"]);
    expect(
      serials(
        (await api().devices.list({ online: false, sort: { field: "serialNumber", direction: "asc" } })).rows,
      ),
    ).toEqual(["GW02", "STB05"]);
  });

  it("filters by kind and searches serial, IP, MAC and subscriber", async () => {
    expect(serials((await api().devices.list({ kind: "STB" })).rows).sort()).toEqual(["STB04", "STB05"]);
    expect(serials((await api().devices.list({ search: "10.0.1." })).rows).sort()).toEqual([
      "STB04",
      "STB05",
    ]);
    expect(serials((await api().devices.list({ search: "gw02" })).rows)).toEqual(["GW02"]);
    expect(serials((await api().devices.list({ search: "cc:00:00:03" })).rows)).toEqual(["GW03"]);
    expect(serials((await api().devices.list({ search: "SUB-STB05" })).rows)).toEqual(["STB05"]);
    // LIKE wildcards in the search text are literal.
    expect((await api().devices.list({ search: "%" })).total).toBe(0);
  });

  it("pages and sorts, newest inform first by default with never-informed last", async () => {
    const first = await api().devices.list({ pageSize: 2 });
    expect(first).toMatchObject({ total: 5, page: 1, pageSize: 2 });
    expect(serials(first.rows)).toEqual(["GW01", "STB04"]);
    const last = await api().devices.list({ pageSize: 2, page: 3 });
    expect(serials(last.rows)).toEqual(["STB05"]);
  });

  it("rejects oversized pages", async () => {
    await expect(api().devices.list({ pageSize: 201 })).rejects.toBeInstanceOf(TRPCError);
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

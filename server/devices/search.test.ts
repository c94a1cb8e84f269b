import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore, type Store } from "../database/connect";
import { db } from "../db";
import { overrideSettings } from "../env";
import type { DeviceKind } from "../generated/prisma/enums";
import { deviceCsv } from "./csv";
import { countDevices, findDeviceIds, iterateDevices, searchDevices } from "./search";
import { clearFacetCache, deviceFacets } from "./search-facets";
import { deviceSearchSchema, type DeviceFilter, type DeviceSearch } from "../../lib/devices/search-query";
import { normaliseMac } from "./search-sql";
import { searchFromParams, searchToParams } from "../../lib/devices/search-url";

let store: Store;
const now = new Date("2026-11-21T12:00:00Z");
const ago = (s: number) => new Date(now.getTime() - s * 1000);

interface Seed {
  serial: string;
  kind: DeviceKind;
  agoS: number | null;
  interval?: number | null;
  ip?: string;
  mac?: string;
  sub?: string;
  tags?: string[];
  sw?: string;
  maker?: string;
  params?: Record<string, { v: string; ts: number }>;
}

const SEEDS: Seed[] = [
  { serial: "GW0001", kind: "GATEWAY", agoS: 10, ip: "81.2.3.4", mac: "00:14:7F:00:00:01", sub: "ACC-100" },
  { serial: "GW0002", kind: "GATEWAY", agoS: 700, ip: "81.2.3.44", sub: "ACC-200", tags: ["vip"] },
  { serial: "GW0003", kind: "GATEWAY", agoS: 3000, interval: 3600, sw: "4.14.0", maker: "Sagemcom" },
  { serial: "STB0004", kind: "STB", agoS: 600, ip: "10.0.1.4", sub: "ACC-100", tags: ["vip", "pilot"] },
  { serial: "STB0005", kind: "STB", agoS: null, ip: "10.0.1.5", mac: "D0:C7:C0:AA:BB:05" },
  {
    serial: "STB0006",
    kind: "STB",
    agoS: 3 * 86_400,
    sw: "4.14.0",
    params: { "Device.X.Mode": { v: "dark", ts: 1 } },
  },
  {
    serial: "ODD%_'7",
    kind: "OTHER",
    agoS: 5,
    sub: "50%_off'\"",
    params: { "Device.X.Mode": { v: "light", ts: 1 } },
  },
];

beforeAll(async () => {
  overrideSettings({ LOG_LEVEL: "silent" });
  store = await openStore({ dataDir: "memory:" });
  // One by one (in SEEDS' order, so ids follow it): createMany cannot create the last-inform rows.
  for (const s of SEEDS) {
    await db().device.create({
      data: {
        oui: s.kind === "STB" ? "D0C7C0" : "00147F",
        productClass: s.kind === "STB" ? "KSTB6077" : "DGA4132",
        manufacturer: s.maker ?? (s.kind === "STB" ? "Kaon" : "Technicolor"),
        serialNumber: s.serial,
        kind: s.kind,
        softwareVersion: s.sw ?? "1.0",
        ipAddress: s.ip ?? null,
        macAddress: s.mac ?? null,
        subscriberId: s.sub ?? null,
        tags: s.tags ?? [],
        periodicInformInterval: s.interval === undefined ? 300 : s.interval,
        // Never informed: no row of its own, the presence trigger's (informedAt null) is the one searched.
        ...(s.agoS === null ? {} : { lastInform: { create: { informedAt: ago(s.agoS) } } }),
        parameters: s.params ?? {},
      },
    });
  }
});

afterAll(async () => {
  await store.close();
});

const search = (input: Partial<DeviceSearch>) =>
  deviceSearchSchema.parse({ sort: "serialNumber", dir: "asc", ...input });
async function serials(filter: Partial<DeviceSearch>): Promise<string[]> {
  return (await searchDevices(search(filter), { now })).rows.map((r) => r.serialNumber);
}

describe("searchDevices free text", () => {
  it("matches partial serials case-insensitively", async () => {
    expect(await serials({ q: "gw00" })).toEqual(["GW0001", "GW0002", "GW0003"]);
    expect(await serials({ q: "0004" })).toEqual(["STB0004"]);
  });
  it("matches subscriber ids, IPs and tags", async () => {
    expect(await serials({ q: "ACC-100" })).toEqual(["GW0001", "STB0004"]);
    expect(await serials({ q: "10.0.1." })).toEqual(["STB0004", "STB0005"]);
    expect(await serials({ q: "81.2.3.44" })).toEqual(["GW0002"]);
    expect(await serials({ q: "pilot" })).toEqual(["STB0004"]);
  });
  it("normalises MAC separators and case", async () => {
    expect(await serials({ q: "d0-c7-c0-aa-bb-05" })).toEqual(["STB0005"]);
    expect(await serials({ q: "d0c7c0aabb05" })).toEqual(["STB0005"]);
    expect(await serials({ q: "d0c7.c0aa.bb05" })).toEqual(["STB0005"]);
    expect(await serials({ q: "7f:00:00" })).toEqual(["GW0001"]);
    expect(normaliseMac("aa-bb-cc")).toBe("AA:BB:CC");
    expect(normaliseMac("GW01")).toBe("GW01");
  });
  it("treats % _ quotes and backslashes as literal text", async () => {
    expect(await serials({ q: "%_'" })).toEqual(["ODD%_'7"]);
    expect(await serials({ q: "50%_off'\"" })).toEqual(["ODD%_'7"]);
    expect((await searchDevices(search({ q: "%" }), { now })).total).toBe(0);
    expect((await searchDevices(search({ q: "___" }), { now })).total).toBe(0);
    expect((await searchDevices(search({ q: "\\" }), { now })).total).toBe(0);
  });
  it("matches text shorter than a trigram exactly only", async () => {
    expect(await serials({ q: "GW" })).toEqual([]);
  });
});

describe("searchDevices structured filters", () => {
  it("filters by kind, manufacturer, OUI, product class and software version", async () => {
    expect(await serials({ kind: "STB" })).toEqual(["STB0004", "STB0005", "STB0006"]);
    expect(await serials({ manufacturer: "Sagemcom" })).toEqual(["GW0003"]);
    expect(await serials({ oui: "d0c7c0" })).toEqual(["STB0004", "STB0005", "STB0006"]);
    expect(await serials({ productClass: "DGA4132", q: "gw000" })).toEqual(["GW0001", "GW0002", "GW0003"]);
    expect(await serials({ softwareVersion: "4.14.0" })).toEqual(["GW0003", "STB0006"]);
    expect(await serials({ softwareVersion: "4.14.0", kind: "STB" })).toEqual(["STB0006"]);
  });
  it("lists a release newest inform first, collected when the statistics call it rare, else walked", async () => {
    await db().$executeRawUnsafe(`ANALYZE "Device"`);
    const release = async (countCap?: number) => {
      const r = await searchDevices(deviceSearchSchema.parse({ softwareVersion: "4.14.0" }), {
        now,
        countCap,
      });
      return { serials: r.rows.map((row) => row.serialNumber), total: r.total, capped: r.capped };
    };
    // Estimated within half the cap: collected and sorted (search-column-page.ts), exact count with it.
    expect(await release()).toEqual({ serials: ["GW0003", "STB0006"], total: 2, capped: false });
    // Over it: the last-inform order is walked without parallel workers and counted alongside.
    expect(await release(1)).toEqual({ serials: ["GW0003", "STB0006"], total: 1, capped: true });
  });
  it("filters online and offline with the per-device interval rule", async () => {
    expect(await serials({ online: true })).toEqual(["GW0001", "GW0003", "ODD%_'7", "STB0004"]);
    expect(await serials({ online: false })).toEqual(["GW0002", "STB0005", "STB0006"]);
  });
  it("filters by last inform older or newer than an instant", async () => {
    expect(await serials({ lastInformBefore: ago(86_400) })).toEqual(["STB0006"]);
    expect(await serials({ online: false, lastInformBefore: ago(86_400) })).toEqual(["STB0006"]);
    expect(await serials({ lastInformAfter: ago(60) })).toEqual(["GW0001", "ODD%_'7"]);
  });
  it("reads last inform alike on every path: joined page, lookup, materialised matches, id walks", async () => {
    const filters: DeviceFilter[] = [
      { online: true },
      { online: false },
      { lastInformBefore: ago(86_400) },
      { lastInformAfter: ago(60) },
      { online: false, lastInformBefore: ago(650) },
    ];
    const serialOf = new Map<number, string>();
    const informs = new Map<string, number | null>();
    for await (const rows of iterateDevices({}, { max: 100, now }))
      for (const r of rows) {
        serialOf.set(r.id, r.serialNumber);
        informs.set(r.serialNumber, r.lastInform?.getTime() ?? null);
      }
    expect(informs).toEqual(
      new Map(SEEDS.map((s) => [s.serial, s.agoS === null ? null : ago(s.agoS).getTime()])),
    );
    for (const filter of filters) {
      // Sorted by serial: Device alone, the conditions looked up (EXISTS) and counted the same way.
      const expected = await serials(filter);
      // Sorted by last inform: DeviceLastInform's index walked, Device joined.
      const walked = await searchDevices(deviceSearchSchema.parse(filter), { now });
      expect(walked.rows.map((r) => r.serialNumber).sort()).toEqual([...expected].sort());
      expect(walked.total).toBe(expected.length);
      // Free text: matches materialised first, a lookup per row.
      const text = expected.filter((serial) => serial.includes("000"));
      expect(await serials({ ...filter, q: "000" })).toEqual(text);
      const ids = async (f: DeviceFilter) =>
        (await findDeviceIds(f, { limit: 100, now })).map((id) => serialOf.get(id)).sort();
      expect(await ids(filter)).toEqual([...expected].sort());
      expect(await ids({ ...filter, q: "000" })).toEqual([...text].sort());
      const iterated: string[] = [];
      for await (const rows of iterateDevices({ ...filter, q: "000" }, { max: 100, now }))
        iterated.push(...rows.map((r) => r.serialNumber));
      expect(iterated.sort()).toEqual([...text].sort());
    }
  });
  it("filters by tag and by a parameter value", async () => {
    expect(await serials({ tag: "vip" })).toEqual(["GW0002", "STB0004"]);
    expect(await serials({ param: { path: "Device.X.Mode", op: "eq", value: "dark" } })).toEqual(["STB0006"]);
    expect(await serials({ param: { path: "Device.X.Mode", op: "eq", value: "dar" } })).toEqual([]);
  });
});

describe("paging, sorting and counting", () => {
  it("pages with a stable order and an exact total", async () => {
    const first = await searchDevices(search({ pageSize: 3 }), { now });
    const third = await searchDevices(search({ pageSize: 3, page: 3 }), { now });
    expect(first).toMatchObject({ total: 7, capped: false, page: 1, pageSize: 3 });
    expect(first.rows.map((r) => r.serialNumber)).toEqual(["GW0001", "GW0002", "GW0003"]);
    expect(third.rows.map((r) => r.serialNumber)).toEqual(["STB0006"]);
  });
  it("sorts newest inform first by default, never-informed where the index puts nulls", async () => {
    const rows = (await searchDevices(deviceSearchSchema.parse({}), { now })).rows.map((r) => r.serialNumber);
    expect(rows).toEqual(["STB0005", "ODD%_'7", "GW0001", "STB0004", "GW0002", "GW0003", "STB0006"]);
    const byIp = await serials({ sort: "ipAddress", dir: "desc", q: "81.2" });
    expect(byIp).toEqual(["GW0002", "GW0001"]);
  });
  it("follows a device's later informs (DeviceLastInform, the last inform's only home)", async () => {
    const where = {
      oui_productClass_serialNumber: { oui: "D0C7C0", productClass: "KSTB6077", serialNumber: "STB0006" },
    };
    const before = await db().device.findUniqueOrThrow({
      where,
      select: { id: true, lastInform: { select: { informedAt: true } } },
    });
    const inform = (informedAt: Date | null) =>
      db().deviceLastInform.update({ where: { deviceId: before.id }, data: { informedAt } });
    await inform(ago(1));
    try {
      const rows = await searchDevices(deviceSearchSchema.parse({}), { now });
      expect(rows.rows.map((r) => r.serialNumber).slice(0, 2)).toEqual(["STB0005", "STB0006"]);
      expect(await serials({ lastInformAfter: ago(2) })).toEqual(["STB0006"]);
      expect((await serials({ online: true, kind: "STB" })).sort()).toEqual(["STB0004", "STB0006"]);
    } finally {
      await inform(before.lastInform?.informedAt ?? null);
    }
    expect(await serials({ lastInformAfter: ago(2) })).toEqual([]);
  });
  it("caps the count and says so", async () => {
    const result = await searchDevices(search({ pageSize: 2 }), { now, countCap: 4 });
    expect(result).toMatchObject({ total: 4, capped: true });
    expect(await countDevices({ kind: "GATEWAY" }, { now })).toBe(3);
    // Free text first materialises its matches; past the cap it falls back to the ordinary plan.
    const broad = await searchDevices(search({ q: "000" }), { now, countCap: 2 });
    expect(broad).toMatchObject({ total: 2, capped: true });
    expect(broad.rows.map((r) => r.serialNumber)).toEqual([
      "GW0001",
      "GW0002",
      "GW0003",
      "STB0004",
      "STB0005",
      "STB0006",
    ]);
    const narrow = await searchDevices(search({ q: "000", pageSize: 2, page: 2 }), { now });
    expect(narrow).toMatchObject({ total: 6, capped: false });
    expect(narrow.rows.map((r) => r.serialNumber)).toEqual(["GW0003", "STB0004"]);
    expect((await searchDevices(search({ q: "000", page: 9 }), { now })).total).toBe(6);
  });
});

describe("walking whole results", () => {
  it("findDeviceIds walks a result in id order", async () => {
    const filter: DeviceFilter = { kind: "STB" };
    const all = await findDeviceIds(filter, { limit: 100, now });
    expect(all).toHaveLength(3);
    const first = await findDeviceIds(filter, { limit: 2, now });
    const rest = await findDeviceIds(filter, { limit: 2, afterId: first.at(-1), now });
    expect([...first, ...rest]).toEqual(all);
    const text = await findDeviceIds({ q: "gw00" }, { limit: 2, now });
    expect(text).toHaveLength(2);
    expect(await findDeviceIds({ q: "gw00" }, { limit: 5, afterId: text[1], now })).toHaveLength(1);
  });
  it("iterateDevices honours the batch size and the maximum", async () => {
    const batches: number[] = [];
    for await (const batch of iterateDevices({}, { max: 5, batchSize: 2, now })) batches.push(batch.length);
    expect(batches).toEqual([2, 2, 1]);
  });
  it("exports CSV with quoting and the online column", async () => {
    let csv = "";
    for await (const chunk of deviceCsv({ q: "ODD" }, { now })) csv += chunk;
    const lines = csv.trimEnd().split("\r\n");
    expect(lines[0]).toBe(
      '"serial","oui","product_class","manufacturer","kind","model","software_version","ip_address","mac_address","subscriber_id","tags","last_inform","online"',
    );
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(`"ODD%_'7","00147F"`);
    expect(lines[1]).toContain(`"50%_off'""","","${ago(5).toISOString()}","yes"`);
  });
});

describe("facets and URL round trip", () => {
  it("lists distinct values per column", async () => {
    clearFacetCache();
    const facets = await deviceFacets();
    expect(facets.manufacturer).toEqual(["Kaon", "Sagemcom", "Technicolor"]);
    expect(facets.softwareVersion).toEqual(["1.0", "4.14.0"]);
    expect(facets.oui).toEqual(["00147F", "D0C7C0"]);
  });
  it("writes and reads a search as URL parameters, dropping invalid values", () => {
    const s = deviceSearchSchema.parse({
      q: "abc",
      kind: "STB",
      online: false,
      lastInformBefore: ago(10),
      param: { path: "Device.X", value: "1" },
      sort: "serialNumber",
      page: 3,
    });
    const params = searchToParams(s);
    expect(params.get("dir")).toBeNull();
    expect(searchFromParams(params)).toEqual(s);
    const bad = searchFromParams(new URLSearchParams("kind=TOASTER&page=-1&before=yesterday&sort=x&q=ok"));
    expect(bad).toEqual(deviceSearchSchema.parse({ q: "ok" }));
  });
});

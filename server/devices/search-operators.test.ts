// Parameter operators, the fault drill-down filter and chosen columns (list and CSV) on the embedded DB.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore, type Store } from "../database/connect";
import { REDACTED } from "../datamodel/secret-parameters";
import { db } from "../db";
import { overrideSettings } from "../env";
import { deviceCsv } from "./csv";
import { searchDevices } from "./search";
import { deviceSearchSchema, type DeviceSearch, type ParamOp } from "../../lib/devices/search-query";
import { searchFromParams, searchToParams } from "../../lib/devices/search-url";

let store: Store;
const now = new Date("2026-11-21T12:00:00Z");
const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);
const LOST = "Device.X.PacketsLost";
const NAME = "Device.X.Name";
const SECRET = "Device.Users.User.1.Password";

type Doc = Record<string, { v: string; t?: string; ts: number }>;
const SEEDS: { serial: string; params: Doc }[] = [
  { serial: "A1", params: { [LOST]: { v: "12", t: "unsignedInt", ts: 1 }, [NAME]: { v: "Kitchen", ts: 1 } } },
  { serial: "A2", params: { [LOST]: { v: "9", t: "unsignedInt", ts: 1 }, [NAME]: { v: "hall", ts: 1 } } },
  // A device reporting a non-number for a numeric type must never fail the query.
  { serial: "A3", params: { [LOST]: { v: "abc", t: "unsignedInt", ts: 1 } } },
  // Typed as a string: compared as text, so "100" < "20".
  { serial: "A4", params: { [LOST]: { v: "100", t: "string", ts: 1 }, [SECRET]: { v: "hunter2", ts: 1 } } },
  { serial: "A5", params: {} },
];
const ids = new Map<string, number>();

beforeAll(async () => {
  overrideSettings({ LOG_LEVEL: "silent" });
  store = await openStore({ dataDir: "memory:" });
  for (const s of SEEDS) {
    const d = await db().device.create({
      data: {
        oui: "00147F",
        productClass: "DGA4132",
        manufacturer: "Technicolor",
        serialNumber: s.serial,
        kind: "GATEWAY",
        lastInform: { create: { informedAt: now } },
        parameters: s.params,
      },
    });
    ids.set(s.serial, d.id);
  }
  const id = (serial: string) => ids.get(serial) ?? 0;
  const task = (
    deviceId: number,
    name: string,
    state: "fault" | "done",
    faultCode: number | null,
    days: number,
  ) =>
    db().task.create({
      data: {
        deviceId,
        name,
        request: {},
        state,
        faultCode,
        completedAt: daysAgo(days),
        createdAt: daysAgo(days),
      },
    });
  // A1: a SetParameterValues task ended as fault 9007 two days ago.
  await task(id("A1"), "SetParameterValues", "fault", 9007, 2);
  // A2: a DeviceFault 9002 of a Download task 10 days ago (outside 7 days, inside 30).
  const download = await task(id("A2"), "Download", "done", null, 10);
  await db().deviceFault.create({
    data: { deviceId: id("A2"), taskId: download.id, code: 9002, message: "internal", at: daysAgo(10) },
  });
  // A3: a protocol fault with no task, yesterday.
  await db().deviceFault.create({
    data: { deviceId: id("A3"), code: 8005, message: "retry", at: daysAgo(1) },
  });
  // A5: its first full read failed.
  await db().device.update({ where: { id: id("A5") }, data: { fullReadFailedAt: daysAgo(0) } });
  // A4: a task that succeeded is no fault.
  await task(id("A4"), "SetParameterValues", "done", null, 1);
});

afterAll(async () => {
  await store.close();
});

const search = (input: Partial<DeviceSearch>) =>
  deviceSearchSchema.parse({ sort: "serialNumber", dir: "asc", ...input });
async function serials(input: Partial<DeviceSearch>): Promise<string[]> {
  return (await searchDevices(search(input), { now })).rows.map((r) => r.serialNumber);
}
const param = (path: string, op: ParamOp, value = "") => serials({ param: { path, op, value } });

describe("parameter operators", () => {
  it("= and ≠ (a device without the parameter is neither)", async () => {
    expect(await param(LOST, "eq", "12")).toEqual(["A1"]);
    expect(await param(LOST, "ne", "12")).toEqual(["A2", "A3", "A4"]);
  });
  it("> and < compare numeric types as numbers and skip non-numbers without failing", async () => {
    expect(await param(LOST, "gt", "0")).toEqual(["A1", "A2", "A4"]);
    expect(await param(LOST, "gt", "10")).toEqual(["A1", "A4"]);
    expect(await param(LOST, "lt", "10")).toEqual(["A2"]);
    // A4 is a string: "100" sorts before "20" as text.
    expect(await param(LOST, "lt", "20")).toEqual(["A1", "A2", "A4"]);
    expect(await param(LOST, "gt", " 11.5 ")).toEqual(["A1", "A4"]);
  });
  it("compares as text when the value typed is not a number, and never casts an overflowing one", async () => {
    expect(await param(LOST, "gt", "abb")).toEqual(["A3"]);
    // Text order: "9" and "abc" sort after "1e…"; the point is that nothing is cast.
    expect(await param(LOST, "gt", "1e999999")).toEqual(["A2", "A3"]);
    expect(await param(LOST, "lt", "-5")).toEqual([]);
  });
  it("contains (case-insensitive, wildcards literal) and exists", async () => {
    expect(await param(NAME, "contains", "ITCH")).toEqual(["A1"]);
    expect(await param(NAME, "contains", "%")).toEqual([]);
    expect(await param(NAME, "exists")).toEqual(["A1", "A2"]);
    expect(await param("Device.Nope", "exists")).toEqual([]);
  });
  it("reads operators from the URL and writes them back", () => {
    const s = searchFromParams(new URLSearchParams(`path=${LOST}&op=gt&value=0`));
    expect(s.param).toEqual({ path: LOST, op: "gt", value: "0" });
    expect(searchToParams(s).toString()).toBe(`path=${LOST}&op=gt&value=0`);
    // Links from before operators mean equality; an unknown operator drops the filter.
    expect(searchFromParams(new URLSearchParams(`path=${LOST}&value=1`)).param?.op).toBe("eq");
    expect(searchFromParams(new URLSearchParams(`path=${LOST}&op=like&value=1`)).param).toBeUndefined();
  });
});

describe("fault drill-down filter", () => {
  it("matches task faults and DeviceFaults by code, RPC and window", async () => {
    expect(await serials({ faultCode: 9007 })).toEqual(["A1"]);
    expect(await serials({ faultTask: "SetParameterValues" })).toEqual(["A1"]);
    expect(await serials({ faultDays: 7 })).toEqual(["A1", "A3"]);
    expect(await serials({ faultDays: 30 })).toEqual(["A1", "A2", "A3"]);
    // The DeviceFault's task gives its RPC name.
    expect(await serials({ faultTask: "Download", faultDays: 30 })).toEqual(["A2"]);
    expect(await serials({ faultCode: 9002, faultDays: 7 })).toEqual([]);
    expect(await serials({ faultCode: 8005, faultTask: "Download", faultDays: 30 })).toEqual([]);
  });
  it("takes the URL names the faults page links with", () => {
    const s = searchFromParams(new URLSearchParams("faultCode=9002&faultTask=Download&faultDays=30"));
    expect(s).toMatchObject({ faultCode: 9002, faultTask: "Download", faultDays: 30 });
    expect(searchFromParams(new URLSearchParams("faultDays=91&faultCode=x")).faultDays).toBeUndefined();
  });
});

describe("bootstrap incomplete", () => {
  it("flags and filters devices whose first full read failed", async () => {
    expect(await serials({ bootstrapIncomplete: true })).toEqual(["A5"]);
    const rows = (await searchDevices(search({}), { now })).rows;
    expect(rows.filter((r) => r.bootstrapIncomplete).map((r) => r.serialNumber)).toEqual(["A5"]);
    const s = searchFromParams(new URLSearchParams("bootstrapIncomplete=1"));
    expect(s.bootstrapIncomplete).toBe(true);
    expect(searchToParams(s).toString()).toBe("bootstrapIncomplete=1");
    expect(
      searchFromParams(new URLSearchParams("bootstrapIncomplete=0")).bootstrapIncomplete,
    ).toBeUndefined();
  });
});

describe("chosen columns", () => {
  it("lists parameter columns' values, null when missing, secrets masked", async () => {
    const result = await searchDevices(search({ columns: ["serialNumber", LOST, SECRET] }), { now });
    const bySerial = Object.fromEntries(result.rows.map((r) => [r.serialNumber, r.params]));
    expect(bySerial.A1).toEqual({ [LOST]: "12", [SECRET]: REDACTED });
    expect(bySerial.A4?.[SECRET]).toBe(REDACTED);
    expect(bySerial.A5).toEqual({ [LOST]: null, [SECRET]: REDACTED });
    const plain = await searchDevices(search({}), { now });
    expect(plain.rows[0]?.params).toEqual({});
  });
  it("exports the chosen columns in order, secrets masked", async () => {
    let csv = "";
    const columns = [LOST, "serialNumber", "hardwareVersion", SECRET];
    for await (const chunk of deviceCsv({ q: "A4" }, { now, columns })) csv += chunk;
    const lines = csv.trimEnd().split("\r\n");
    expect(lines).toEqual([
      `"${LOST}","serial","hardware_version","${SECRET}"`,
      `"100","A4","","${REDACTED}"`,
    ]);
    expect(csv).not.toContain("hunter2");
  });
  it("keeps columns in the URL and rejects unknown or repeated ones", () => {
    const s = searchFromParams(new URLSearchParams(`cols=serialNumber,${LOST}`));
    expect(s.columns).toEqual(["serialNumber", LOST]);
    expect(searchToParams(s).get("cols")).toBe(`serialNumber,${LOST}`);
    expect(searchFromParams(new URLSearchParams("cols=serialNumber,serialNumber")).columns).toBeUndefined();
    expect(searchFromParams(new URLSearchParams("cols=drop table")).columns).toBeUndefined();
  });
});

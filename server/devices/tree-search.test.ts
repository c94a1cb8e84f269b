import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore, type Store } from "../database/connect";
import { db } from "../db";
import { overrideSettings } from "../env";
import { searchTree } from "./tree-search";

let store: Store;
let deviceId = 0;
const ts = Date.now() - 60_000;
const DEEP =
  "Device.Services.STBService.1.Components.FrontEnd.1.IP.Inbound.7.Stats.DelayBetweenLossEventsHistogramIntervals";

beforeAll(async () => {
  overrideSettings({ LOG_LEVEL: "silent" });
  store = await openStore({ dataDir: "memory:" });
  // 20,000 parameters: 2,000 table instances of 10 parameters each, plus one deep, one secret.
  const parameters: Record<string, { v?: string; t?: string; w?: boolean; ts: number }> = {};
  for (let i = 1; i <= 2000; i++) {
    for (let j = 0; j < 10; j++)
      parameters[`Device.Hosts.Host.${i}.Param${j}`] = { v: `value-${i}-${j}`, ts };
  }
  parameters[DEEP] = { v: "250,500,1000", t: "string", w: false, ts };
  parameters["Device.ManagementServer.ConnectionRequestPassword"] = { v: "needle-secret", ts };
  const device = await db().device.create({
    data: {
      oui: "00D09E",
      productClass: "STB",
      serialNumber: "TREESEARCH1",
      manufacturer: "Test",
      rootObject: "Device",
      parameters,
    },
  });
  deviceId = device.id;
});
afterAll(() => store.close());

describe("searchTree", () => {
  it("finds a deep path by a substring of its name, case-insensitively, among 20,000 entries", async () => {
    const result = await searchTree(deviceId, "delaybetweenloss");
    expect(result.matches.map((m) => m.path)).toEqual([DEEP]);
    expect(result.matches[0]).toMatchObject({
      name: "DelayBetweenLossEventsHistogramIntervals",
      object: false,
    });
    expect(result.matches[0]!.entry).toMatchObject({ v: "250,500,1000", w: false });
    expect(result.total).toBe(1);
  });

  it("finds by value substring", async () => {
    const result = await searchTree(deviceId, "VALUE-1999-3");
    expect(result.matches.map((m) => m.path)).toEqual(["Device.Hosts.Host.1999.Param3"]);
  });

  it("returns the first matches in path order with the total when there are many", async () => {
    const result = await searchTree(deviceId, "Host.1", 50);
    expect(result.matches).toHaveLength(50);
    expect(result.total).toBe(11_110); // Host.1, 10-19, 100-199, 1000-1999: 1,111 instances x 10
    const paths = result.matches.map((m) => m.path);
    expect(paths).toEqual([...paths].sort());
  });

  it("matches the text literally and never by a secret's value", async () => {
    expect((await searchTree(deviceId, "%")).total).toBe(0);
    expect((await searchTree(deviceId, "needle-secret")).matches).toEqual([]);
    expect((await searchTree(deviceId, "  ")).matches).toEqual([]);
  });

  it("refuses an unknown device", async () => {
    await expect(searchTree(999_999, "x")).rejects.toThrow(/not found/);
  });
});

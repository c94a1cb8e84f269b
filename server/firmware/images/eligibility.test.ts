// The store's SQL filter and lib/firmware/applicability.ts's appliesTo() must pick the same devices.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appliesTo, type ImageTarget } from "../../../lib/firmware/applicability";
import { openStore, type Store } from "../../database/connect";
import { db } from "../../db";
import { overrideSettings } from "../../env";
import { eligibleDevices, eligibleWhere } from "./eligibility";

let store: Store;

const DEVICES = [
  { oui: "00147F", productClass: "DGA4132", hardwareVersion: "VCNT-A", softwareVersion: "20.3.c.0389" },
  { oui: "00147f", productClass: "dga4132", hardwareVersion: "vcnt-a", softwareVersion: "20.4.0.0412" },
  { oui: "C0D044", productClass: "FAST5670", hardwareVersion: "1.0", softwareVersion: "SG5670-4.12.2" },
  { oui: "C0D044", productClass: "FAST5670", hardwareVersion: "1.1", softwareVersion: "SG5670-4.14.0" },
  { oui: "3810D5", productClass: "FRITZ!Box", hardwareVersion: "", softwareVersion: "" },
  { oui: "001CC3", productClass: "VIP5202", hardwareVersion: "B1", softwareVersion: "sg5670-4.12.2" },
];

type Case = ImageTarget & { version: string; fileType?: string };
const none = { ouis: [], productClasses: [], hardwareVersions: [], fromVersions: [] };
const CASES: Case[] = [
  { ...none, version: "9.9" },
  { ...none, version: "20.4.0.0412" },
  { ...none, version: "20.4.0.0412", ouis: ["00147F"] },
  { ...none, version: "20.4.0.0412", productClasses: ["DGA4132", "FAST5670"] },
  { ...none, version: "SG5670-4.14.0", productClasses: ["fast5670"], hardwareVersions: ["1.0"] },
  { ...none, version: "SG5670-4.14.0", fromVersions: ["SG5670-4.12.2"] },
  { ...none, version: "x", hardwareVersions: [""], productClasses: ["FRITZ!Box"] },
  { ...none, version: "x", ouis: ["3810D5"], fromVersions: [""] },
  { ...none, version: "SG5670-4.12.2" },
  { ...none, version: "y", ouis: ["nobody"] },
  // Version checks are firmware's: a config file on the same "version", an app whatever the firmware.
  { ...none, version: "SG5670-4.12.2", fileType: "3 Vendor Configuration File" },
  {
    ...none,
    version: "SG5670-4.12.2",
    fileType: "3 Vendor Configuration File",
    fromVersions: ["SG5670-4.14.0"],
  },
  {
    ...none,
    version: "1.0",
    fileType: "X VANTAGE DeploymentUnit",
    fromVersions: ["nothing"],
    productClasses: ["VIP5202"],
  },
];

beforeAll(async () => {
  overrideSettings({ LOG_LEVEL: "silent" });
  store = await openStore({ dataDir: "memory:" });
  for (const [i, d] of DEVICES.entries())
    await db().device.create({ data: { ...d, serialNumber: `S${i}`, manufacturer: "m" } });
});

afterAll(async () => {
  await store.close();
});

describe("eligible devices in SQL", () => {
  it.each(CASES.map((c, i) => [i, c] as const))("agrees with appliesTo() (case %i)", async (_i, image) => {
    const all = await db().device.findMany({ orderBy: { id: "asc" } });
    const expected = all.filter((d) => appliesTo(image, d).ok).map((d) => d.serialNumber);
    const fromSql = await db().device.findMany({ where: eligibleWhere(image), orderBy: { id: "asc" } });
    expect(fromSql.map((d) => d.serialNumber)).toEqual(expected);
    const { count, devices } = await eligibleDevices(db(), image, 2);
    expect(count).toBe(expected.length);
    expect(devices.map((d) => d.serialNumber)).toEqual(expected.slice(0, 2));
  });
});

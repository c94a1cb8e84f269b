// A gateway's ManageableDevice table read from document entries: good rows kept, garbage skipped.
import { describe, expect, it } from "vitest";
import { manageableRows, MAX_ROWS, readsTable } from "./rows";

const T = "InternetGatewayDevice.ManagementServer.ManageableDevice.";

const row = (i: number, oui: string, serial: string, pc = "STB", host = "") => [
  [`${T}${i}.ManufacturerOUI`, oui] as const,
  [`${T}${i}.SerialNumber`, serial] as const,
  [`${T}${i}.ProductClass`, pc] as const,
  [`${T}${i}.Host`, host] as const,
];

describe("manageableRows", () => {
  it("reads the rows in instance order, OUI upper-cased", () => {
    const { rows, rejected } = manageableRows([
      ...row(10, "a0b1c2", "SN-10"),
      ...row(2, "00D09E", "SN-2", "IPTV", "InternetGatewayDevice.LANDevice.1.Hosts.Host.1"),
      ["InternetGatewayDevice.ManagementServer.ManageableDeviceNumberOfEntries", "2"],
    ]);
    expect(rejected).toBe(0);
    expect(rows).toEqual([
      {
        instance: `${T}2.`,
        oui: "00D09E",
        serialNumber: "SN-2",
        productClass: "IPTV",
        host: "InternetGatewayDevice.LANDevice.1.Hosts.Host.1",
      },
      { instance: `${T}10.`, oui: "A0B1C2", serialNumber: "SN-10", productClass: "STB", host: "" },
    ]);
  });

  it("skips bad OUIs, empty/over-long/binary serials and duplicates; never throws", () => {
    const { rows, rejected } = manageableRows([
      ...row(1, "XYZ123", "SN-1"),
      ...row(2, "00D09E", ""),
      ...row(3, "00D09E", "S".repeat(65)),
      ...row(4, "00D09E", "bad\u0000serial"),
      ...row(5, "00D09E", "SN-5", "P".repeat(65)),
      ...row(6, "00D09E", "SN-6"),
      ...row(7, "00d09e", "SN-6"),
      [`${T}8.SerialNumber`, "only-serial"],
    ]);
    expect(rows.map((r) => r.serialNumber)).toEqual(["SN-6"]);
    expect(rejected).toBe(6);
  });

  it("keeps at most MAX_ROWS rows", () => {
    const entries = Array.from({ length: MAX_ROWS + 40 }, (_, i) => row(i + 1, "00D09E", `SN-${i}`)).flat();
    const { rows, rejected } = manageableRows(entries);
    expect(rows).toHaveLength(MAX_ROWS);
    expect(rejected).toBe(40);
  });
});

describe("readsTable", () => {
  it("is true for reads that return the whole table", () => {
    expect(readsTable("InternetGatewayDevice", ["InternetGatewayDevice."])).toBe(true);
    expect(readsTable("Device", ["Device.ManagementServer."])).toBe(true);
    expect(readsTable("Device", ["Device.ManagementServer.ManageableDevice."])).toBe(true);
    expect(readsTable("Device", ["Device.ManagementServer.ManageableDevice.1.SerialNumber"])).toBe(false);
    expect(readsTable("Device", ["Device.ManagementServer.URL", "Device.DeviceInfo."])).toBe(false);
    expect(readsTable("Device", ["InternetGatewayDevice."])).toBe(false);
  });
});

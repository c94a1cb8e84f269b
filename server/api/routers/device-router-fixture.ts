// The device router tests' shared data: one operator per role, a gateway with its DSL line, ping and
// traceroute results and an STB behind it (its tree, a boot inform), as the household domain links them.
import { afterAll, beforeAll } from "vitest";
import { openStore, type Store } from "../../database/connect";
import { db } from "../../db";
import { overrideSettings } from "../../env";
import type { Role } from "../../generated/prisma/enums";
import { callerAs } from "../test-callers";

export const STB = "Device.Services.STBService.1.Components.HDMI.1.";

export interface DeviceRouterFixture {
  store: Store;
  gwId: number;
  stbId: number;
  /** When the seeded parameter values were read (their `ts`). */
  readAt: number;
  /** A caller for the role's operator (or another operator id with that role). */
  api: (role: Role, operatorId?: number) => ReturnType<typeof callerAs>;
}

export async function seedDeviceRouterFixture(): Promise<DeviceRouterFixture> {
  overrideSettings({ LOG_LEVEL: "silent" });
  const store = await openStore({ dataDir: "memory:" });
  const ts = Date.now() - 60_000;
  const operators = new Map<Role, number>();
  for (const role of ["admin", "noc", "helpdesk", "product", "viewer"] as const) {
    const op = await db().operator.create({ data: { username: `op-${role}`, passwordHash: "x", role } });
    operators.set(role, op.id);
  }
  const gw = await db().device.create({
    data: {
      oui: "00D09E",
      productClass: "HGW",
      serialNumber: "GW0001",
      manufacturer: "Test",
      kind: "GATEWAY",
      rootObject: "InternetGatewayDevice",
      lastInform: { create: { informedAt: new Date() } },
      periodicInformInterval: 300,
      parameters: {
        "InternetGatewayDevice.DeviceInfo.UpTime": { v: "3600", t: "unsignedInt", ts },
        "InternetGatewayDevice.WANDevice.1.WANDSLInterfaceConfig.Status": { v: "Up", t: "string", ts },
        "InternetGatewayDevice.WANDevice.1.WANDSLInterfaceConfig.UpstreamCurrRate": { v: "1000", ts },
        "InternetGatewayDevice.WANDevice.1.WANDSLInterfaceConfig.DownstreamCurrRate": { v: "20000", ts },
        "InternetGatewayDevice.WANDevice.1.WANDSLInterfaceConfig.DownstreamNoiseMargin": { v: "85", ts },
        "InternetGatewayDevice.ManagementServer.ManageableDevice.1.SerialNumber": { v: "STB0001", ts },
        "InternetGatewayDevice.ManagementServer.ManageableDevice.2.SerialNumber": { v: "STB-GONE", ts },
        "InternetGatewayDevice.IPPingDiagnostics.DiagnosticsState": { v: "Complete", ts },
        "InternetGatewayDevice.IPPingDiagnostics.SuccessCount": { v: "4", ts },
        "InternetGatewayDevice.IPPingDiagnostics.AverageResponseTime": { v: "21", ts },
        "InternetGatewayDevice.TraceRouteDiagnostics.DiagnosticsState": { v: "Complete", ts },
        "InternetGatewayDevice.TraceRouteDiagnostics.RouteHops.2.HopHost": { v: "example.net", ts },
        "InternetGatewayDevice.TraceRouteDiagnostics.RouteHops.2.HopRTTimes": { v: "9,10,9", ts },
        "InternetGatewayDevice.TraceRouteDiagnostics.RouteHops.1.HopHost": { v: "192.168.1.1", ts },
      },
    },
  });

  const stb = await db().device.create({
    data: {
      oui: "00D09E",
      productClass: "STB-4K",
      serialNumber: "STB0001",
      manufacturer: "Test",
      kind: "STB",
      rootObject: "Device",
      gatewaySerialNumber: "GW0001",
      gatewayOui: "00D09E",
      lastInform: { create: { informedAt: new Date(Date.now() - 86_400_000) } },
      periodicInformInterval: 300,
      parameters: {
        "Device.": { w: false, ts },
        "Device.DeviceInfo.": { w: false, ts },
        "Device.DeviceInfo.SoftwareVersion": { v: "1.0", t: "string", w: false, ts },
        "Device.ManagementServer.PeriodicInformEnable": { v: "1", t: "boolean", w: true, ts },
        "Device.ManagementServer.PeriodicInformInterval": { v: "300", t: "unsignedInt", w: true, ts },
        [`${STB}ResolutionMode`]: { v: "Auto", t: "string", w: true, ts },
        [`${STB}Name`]: { v: "HDMI", t: "string", w: false, ts },
        "Device.Hosts.Host.": { w: true, ts },
        "Device.Hosts.Host.1.": { w: true, ts },
        "Device.Hosts.Host.1.IPAddress": { v: "192.168.1.4", t: "string", w: false, ts },
        "Device.Hosts.Host.10.IPAddress": { v: "192.168.1.5", t: "string", w: false, ts },
        "Device.X_VENDOR_Setting": { v: "7", t: "int", w: true, ts },
      },
    },
  });

  // The gateway's ManageableDevice table as the household domain stores it (server/household).
  await db().manageableDevice.createMany({
    data: [
      { gatewayId: gw.id, oui: "00D09E", serialNumber: "STB0001", productClass: "STB-4K" },
      { gatewayId: gw.id, oui: "00D09E", serialNumber: "STB-GONE" },
    ],
  });
  await db().informEvent.create({
    data: { deviceId: stb.id, events: ["1 BOOT", "M Reboot"], commandKeys: ["", "rb1"] },
  });
  const api = (role: Role, operatorId = operators.get(role)!) =>
    callerAs({ id: operatorId, username: `op-${role}`, name: "", role });
  return { store, gwId: gw.id, stbId: stb.id, readAt: ts, api };
}

/** Seeds the fixture before the file's tests and closes its store after them; read it inside tests. */
export function useDeviceRouterFixture(): () => DeviceRouterFixture {
  let fixture: DeviceRouterFixture | undefined;
  beforeAll(async () => {
    fixture = await seedDeviceRouterFixture();
  });
  afterAll(async () => {
    await fixture?.store.close();
  });
  return () => {
    if (!fixture) throw new Error("the device router fixture is read before it was seeded");
    return fixture;
  };
}

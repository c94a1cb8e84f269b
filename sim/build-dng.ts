// The DNG (home gateway) tree: TR-098 InternetGatewayDevice:1.14 with a DSL WAN, a PPP connection,
// the household's STBs as LAN hosts and TR-111 ManageableDevices.
import { addDiagnostics, addManagementServer, addUpTime, isoNow, type BuildContext } from "./build-common";
import { lineProfile } from "./monitoring/generator";
import { ParamTree } from "./param-tree";

const IGD = "InternetGatewayDevice.";
export const DSL = `${IGD}WANDevice.1.WANDSLInterfaceConfig.`;
export const WAN_COMMON = `${IGD}WANDevice.1.WANCommonInterfaceConfig.`;
export const PPP = `${IGD}WANDevice.1.WANConnectionDevice.1.WANPPPConnection.1.`;
export const MANAGEABLE = `${IGD}ManagementServer.ManageableDevice.`;
export const DSL_COUNTERS = [
  "ErroredSecs",
  "SeverelyErroredSecs",
  "CRCErrors",
  "FECErrors",
  "HECErrors",
  "LinkRetrain",
];

export function buildDng(ctx: BuildContext): ParamTree {
  const { identity: id, rng } = ctx;
  const t = new ParamTree(IGD);
  t.fill(IGD, {
    DeviceSummary:
      "InternetGatewayDevice:1.4[](Baseline:2, EthernetLAN:1, ADSLWAN:1, IPPing:1, Time:1, DeviceAssociation:1)",
    LANDeviceNumberOfEntries: 1,
    WANDeviceNumberOfEntries: 1,
  });
  t.fill(`${IGD}DeviceInfo.`, {
    Manufacturer: id.vendor.manufacturer,
    ManufacturerOUI: id.vendor.oui,
    ModelName: id.vendor.modelName,
    Description: `${id.vendor.manufacturer} ${id.vendor.modelName} home gateway`,
    ProductClass: id.vendor.productClass,
    SerialNumber: id.serial,
    HardwareVersion: id.hardwareVersion,
    SoftwareVersion: id.softwareVersion,
    ModemFirmwareVersion: `A2pv6F039${rng.pick(["m", "n", "p"])}`,
    SpecVersion: "1.0",
    ProvisioningCode: id.subscriberId,
    FirstUseDate: "2023-03-01T08:00:00Z",
  });
  addUpTime(t, `${IGD}DeviceInfo.UpTime`, ctx);
  addManagementServer(t, IGD, ctx);
  t.fill(`${IGD}Time.`, {
    Enable: true,
    NTPServer1: "pool.ntp.org",
    CurrentLocalTime: isoNow(),
    LocalTimeZoneName: "CET-1CEST,M3.5.0,M10.5.0/3",
    Status: "Synchronized",
  });
  t.dynamic.set(`${IGD}Time.CurrentLocalTime`, () => isoNow());

  // DSL line: VDSL2 or ADSL2+ with plausible rates (kbit/s), margins/attenuation (0.1 dB); the same
  // line the monitoring generator evolves (sim/monitoring/generator.ts lineProfile).
  const line = lineProfile(id);
  const vdsl = line.vdsl;
  const down = line.dsRate;
  const up = line.usRate;
  t.fill(`${IGD}WANDevice.1.`, { WANConnectionNumberOfEntries: 1 });
  t.fill(WAN_COMMON, {
    EnabledForInternet: true,
    WANAccessType: "DSL",
    Layer1UpstreamMaxBitRate: up * 1000,
    Layer1DownstreamMaxBitRate: down * 1000,
    PhysicalLinkStatus: "Up",
    WANAccessProvider: "Vantage Telecom",
    TotalBytesSent: rng.int(1e6, 1e9),
    TotalBytesReceived: rng.int(1e8, 4e9),
    TotalPacketsSent: rng.int(1e4, 1e7),
    TotalPacketsReceived: rng.int(1e5, 3e7),
  });
  t.fill(DSL, {
    Enable: true,
    Status: "Up",
    ModulationType: vdsl ? "VDSL" : "ADSL_2plus",
    StandardUsed: vdsl ? "G.993.2_Annex_B" : "G.992.5",
    DataPath: rng.pick(["Interleaved", "Fast"]),
    UpstreamCurrRate: up,
    DownstreamCurrRate: down,
    UpstreamMaxRate: Math.round(up * 1.15),
    DownstreamMaxRate: Math.round(down * 1.2),
    UpstreamNoiseMargin: line.usMargin,
    DownstreamNoiseMargin: line.dsMargin,
    UpstreamAttenuation: line.usAttenuation,
    DownstreamAttenuation: line.dsAttenuation,
    UpstreamPower: rng.int(50, 140),
    DownstreamPower: rng.int(100, 200),
    TotalStart: 0,
    ShowtimeStart: 0,
  });
  for (const period of ["Total", "Showtime"]) {
    const values: Record<string, number> = { ReceiveBlocks: 0, TransmitBlocks: 0 };
    for (const c of DSL_COUNTERS) values[c] = 0;
    t.fill(`${DSL}Stats.${period}.`, values);
  }
  t.fill(`${IGD}WANDevice.1.WANConnectionDevice.1.`, {
    WANIPConnectionNumberOfEntries: 0,
    WANPPPConnectionNumberOfEntries: 1,
  });
  t.fill(PPP, {
    Enable: true,
    ConnectionStatus: "Connected",
    ConnectionType: "IP_Routed",
    Name: "Internet",
    Uptime: 0,
    LastConnectionError: "ERROR_NONE",
    Username: `${id.subscriberId.toLowerCase()}@isp.example`,
    ExternalIPAddress: id.wanIp,
    RemoteIPAddress: "100.64.255.1",
    DNSServers: "100.64.255.53,100.64.255.54",
    TransportType: "PPPoE",
  });
  addUpTime(t, `${PPP}Uptime`, ctx);

  // LAN hosts: the STBs of the household first (so ManageableDevice.Host can point at them), then a PC.
  const hosts = `${IGD}LANDevice.1.Hosts.`;
  t.fill(`${IGD}LANDevice.1.`, {
    LANEthernetInterfaceNumberOfEntries: 0,
    LANWLANConfigurationNumberOfEntries: 0,
  });
  t.fill(hosts, { HostNumberOfEntries: 0 });
  const stbs = ctx.household.filter((d) => d.kind === "stb");
  const lanHosts = [
    ...stbs.map((s) => ({
      ip: s.lanIp,
      mac: s.mac,
      name: `stb-${s.serial.toLowerCase()}`,
      vci: `${s.vendor.productClass}-IPTV`,
    })),
    {
      ip: "192.168.1.20",
      mac: `3C:22:FB:${rng.hex(2)}:${rng.hex(2)}:${rng.hex(2)}`,
      name: "laptop",
      vci: "MSFT 5.0",
    },
  ];
  lanHosts.forEach((h, i) => {
    t.fill(`${hosts}Host.${i + 1}.`, {
      IPAddress: h.ip,
      AddressSource: "DHCP",
      LeaseTimeRemaining: rng.int(3600, 86400),
      MACAddress: h.mac,
      HostName: h.name,
      InterfaceType: "Ethernet",
      Active: true,
      VendorClassID: h.vci,
    });
  });
  // TR-111 Part 1: each box that sent DHCP option 125 (OUI, serial, product class) is a row, with the
  // LAN host entry of its lease. No rate limit on the count's notification (0), as shipped by most CPEs.
  t.fill(`${IGD}ManagementServer.`, { ManageableDeviceNotificationLimit: 0 });
  t.ensureObject(MANAGEABLE);
  stbs.forEach((s, i) =>
    addManageableDevice(t, {
      oui: s.vendor.oui,
      serialNumber: s.serial,
      productClass: s.vendor.productClass,
      host: `${hosts}Host.${i + 1}`,
    }),
  );
  addDiagnostics(t, `${IGD}IPPingDiagnostics.`, `${IGD}TraceRouteDiagnostics.`);
  t.refreshAllCounts();
  return t;
}

export interface ManageableDeviceRow {
  oui: string;
  serialNumber: string;
  productClass: string;
  /** the LAN host entry (a full path), "" when the lease is not in the hosts table */
  host: string;
}

/**
 * A box's DHCP option 125 reached the gateway: a new row (the count follows, and notifies the ACS when
 * its notification is on). Returns the instance number.
 */
export function addManageableDevice(tree: ParamTree, row: ManageableDeviceRow): number {
  const n = tree.addInstance(MANAGEABLE);
  tree.set(`${MANAGEABLE}${n}.ManufacturerOUI`, row.oui);
  tree.set(`${MANAGEABLE}${n}.SerialNumber`, row.serialNumber);
  tree.set(`${MANAGEABLE}${n}.ProductClass`, row.productClass);
  tree.set(`${MANAGEABLE}${n}.Host`, row.host);
  return n;
}

/** A box left the LAN (its lease expired): its row goes. False when the gateway had no such row. */
export function removeManageableDevice(tree: ParamTree, serialNumber: string): boolean {
  const n = tree
    .instances(MANAGEABLE)
    .find((i) => tree.get(`${MANAGEABLE}${i}.SerialNumber`) === serialNumber);
  return n !== undefined && tree.deleteInstance(`${MANAGEABLE}${n}.`);
}

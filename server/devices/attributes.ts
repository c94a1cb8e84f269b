// Derives the searchable device columns from parameter values (an Inform's, or a whole refreshed
// tree). Only attributes present in the input are returned, so a partial update never blanks a column.
import type { DeviceKind } from "../generated/prisma/enums";

export interface DeviceAttributes {
  rootObject?: string;
  kind?: DeviceKind;
  modelName?: string;
  softwareVersion?: string;
  hardwareVersion?: string;
  ipAddress?: string;
  macAddress?: string;
  subscriberId?: string;
  connectionRequestUrl?: string;
  udpConnectionRequestAddr?: string;
  periodicInformInterval?: number;
  gatewayOui?: string;
  gatewaySerialNumber?: string;
  gatewayProductClass?: string;
}

const IGD = "InternetGatewayDevice";

/** values: path -> value for the parameters at hand. */
export function deriveAttributes(values: ReadonlyMap<string, string>): DeviceAttributes {
  const attrs: DeviceAttributes = {};
  const first = values.keys().next();
  if (first.done) return attrs;
  const root = first.value.slice(0, first.value.indexOf("."));
  if (root !== IGD && root !== "Device") return attrs;
  attrs.rootObject = root;
  const get = (suffix: string): string | undefined => values.get(`${root}.${suffix}`);
  const set = <K extends keyof DeviceAttributes>(key: K, value: DeviceAttributes[K] | undefined): void => {
    if (value !== undefined && value !== "") attrs[key] = value;
  };

  set("modelName", get("DeviceInfo.ModelName"));
  set("softwareVersion", get("DeviceInfo.SoftwareVersion"));
  set("hardwareVersion", get("DeviceInfo.HardwareVersion"));
  // Operators put the subscriber/account id in ProvisioningCode (a forced Inform parameter).
  set("subscriberId", get("DeviceInfo.ProvisioningCode"));
  set("connectionRequestUrl", get("ManagementServer.ConnectionRequestURL"));
  set("udpConnectionRequestAddr", get("ManagementServer.UDPConnectionRequestAddress"));
  const interval = Number(get("ManagementServer.PeriodicInformInterval"));
  if (Number.isInteger(interval) && interval > 0) attrs.periodicInformInterval = interval;
  set("gatewayOui", get("GatewayInfo.ManufacturerOUI"));
  set("gatewaySerialNumber", get("GatewayInfo.SerialNumber"));
  set("gatewayProductClass", get("GatewayInfo.ProductClass"));

  let hasStbService = false;
  let hasWan = false;
  for (const [path, value] of values) {
    if (!hasStbService && path.includes(".Services.STBService.")) hasStbService = true;
    if (!hasWan && (path.startsWith(`${IGD}.WANDevice.`) || path.startsWith("Device.DSL."))) hasWan = true;
    if (attrs.ipAddress === undefined && value && isWanAddress(path)) attrs.ipAddress = value;
    if (attrs.macAddress === undefined && value && isPrimaryMac(path)) attrs.macAddress = value.toUpperCase();
  }
  if (hasStbService || attrs.gatewaySerialNumber) attrs.kind = "STB";
  else if (root === IGD || hasWan) attrs.kind = "GATEWAY";
  return attrs;
}

function isWanAddress(path: string): boolean {
  return (
    /^InternetGatewayDevice\.WANDevice\.\d+\.WANConnectionDevice\.\d+\.WAN(IP|PPP)Connection\.\d+\.ExternalIPAddress$/.test(
      path,
    ) || /^Device\.IP\.Interface\.1\.IPv4Address\.1\.IPAddress$/.test(path)
  );
}

function isPrimaryMac(path: string): boolean {
  return (
    /^InternetGatewayDevice\.WANDevice\.1\.WANConnectionDevice\.1\.WAN(IP|PPP)Connection\.1\.MACAddress$/.test(
      path,
    ) ||
    /^Device\.Ethernet\.Interface\.1\.MACAddress$/.test(path) ||
    /^InternetGatewayDevice\.LANDevice\.1\.LANEthernetInterfaceConfig\.1\.MACAddress$/.test(path)
  );
}

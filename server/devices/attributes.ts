// Derives the searchable device columns from parameter values (an Inform's, or a whole refreshed
// tree). Only attributes present in the input are returned, so a partial update never blanks a column.
import type { DeviceKind } from "../generated/prisma/enums";
import { hasWanSide, tr098WanAddress, tr181WanAddress } from "./upstream";

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
const UNSIGNED_INT_MAX = 4_294_967_295;

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
  // unsignedInt on the wire: anything beyond it (or not a number) is left out, never overflows the column.
  if (Number.isInteger(interval) && interval > 0 && interval <= UNSIGNED_INT_MAX)
    attrs.periodicInformInterval = interval;
  set("gatewayOui", get("GatewayInfo.ManufacturerOUI"));
  set("gatewaySerialNumber", get("GatewayInfo.SerialNumber"));
  set("gatewayProductClass", get("GatewayInfo.ProductClass"));

  let hasStbService = false;
  for (const [path, value] of values) {
    if (!hasStbService && path.includes(".Services.STBService.")) hasStbService = true;
    if (attrs.macAddress === undefined && value && isPrimaryMac(path)) attrs.macAddress = value.toUpperCase();
  }
  const endDevice = hasStbService || !!attrs.gatewaySerialNumber;
  set("ipAddress", root === IGD ? tr098WanAddress(values) : tr181WanAddress(values, endDevice));
  if (endDevice) attrs.kind = "STB";
  // A TR-181 router on fibre or Ethernet WAN has no Device.DSL.: its WAN side says it is a gateway.
  else if (root === IGD || hasWanSide(values)) attrs.kind = "GATEWAY";
  return attrs;
}

function isPrimaryMac(path: string): boolean {
  // Most paths are not a MAC address at all: skip the patterns for them (this runs per Inform parameter).
  if (!path.endsWith(".MACAddress")) return false;
  return (
    /^InternetGatewayDevice\.WANDevice\.1\.WANConnectionDevice\.1\.WAN(IP|PPP)Connection\.1\.MACAddress$/.test(
      path,
    ) ||
    /^Device\.Ethernet\.Interface\.1\.MACAddress$/.test(path) ||
    /^InternetGatewayDevice\.LANDevice\.1\.LANEthernetInterfaceConfig\.1\.MACAddress$/.test(path)
  );
}

// Finds a device's upstream (WAN-side) interface in the parameter values at hand, for the searchable
// IP address and the device kind. Vendor trees put the WAN anywhere (the second TR-098 connection,
// Device.IP.Interface.4), so nothing is assumed about instance numbers: a connection counts when it
// says it is connected, a TR-181 IP interface when its LowerLayers lead to a WAN-side layer. When
// nothing identifies the upstream side, nothing is returned: a LAN address is never a guess.

type Values = ReadonlyMap<string, string>;
export type Side = "wan" | "lan" | "unknown";

const TR098_ADDRESS =
  /^InternetGatewayDevice\.WANDevice\.(\d+)\.WANConnectionDevice\.(\d+)\.WAN(?:IP|PPP)Connection\.(\d+)\.ExternalIPAddress$/;
const TR181_ADDRESS = /^Device\.IP\.Interface\.(\d+)\.IPv4Address\.(\d+)\.IPAddress$/;
// Layers that only exist on the access-network side of a router.
const WAN_LAYERS =
  /^Device\.(PPP\.Interface|DSL\.|ATM\.Link|PTM\.Link|Optical\.|Cellular\.|DOCSIS\.|XPON\.|FAST\.|MoCA\.Interface\.\d+\.Upstream)/;
const LAN_LAYERS = /^Device\.(Bridging\.|WiFi\.|HomePlug\.|USB\.)/;
const MAX_LAYER_DEPTH = 8;

export function isUsableAddress(value: string | undefined): value is string {
  const v = value?.trim();
  return !!v && v !== "0.0.0.0" && v !== "::" && !v.startsWith("127.") && !v.startsWith("169.254.");
}

const isTrue = (v: string | undefined) => v !== undefined && /^(1|true)$/i.test(v.trim());

/** index-aware comparison so ".10." sorts after ".2." */
const byInstance = (a: string, b: string) => a.localeCompare(b, "en", { numeric: true });

/**
 * TR-098: the ExternalIPAddress of a WANIP/WANPPPConnection whose ConnectionStatus is Connected.
 * A connection whose status is not in the input (an Inform carries the default connection's address
 * alone) is taken only when no connection is known to be connected; one known to be anything else
 * (Disconnected, Connecting...) never is.
 */
export function tr098WanAddress(values: Values): string | undefined {
  let unknownStatus: string | undefined;
  for (const path of [...values.keys()].filter((p) => TR098_ADDRESS.test(p)).sort(byInstance)) {
    const address = values.get(path);
    if (!isUsableAddress(address)) continue;
    const status = values.get(path.replace(/ExternalIPAddress$/, "ConnectionStatus"))?.trim();
    if (status === undefined) unknownStatus ??= address.trim();
    else if (status.toLowerCase() === "connected") return address.trim();
  }
  return unknownStatus;
}

/** Which side of the device a TR-181 layer (or IP interface) is on, following LowerLayers down. */
export function sideOf(values: Values, ref: string, depth = 0, seen = new Set<string>()): Side {
  const path = ref.trim().replace(/\.$/, "");
  if (!path || depth > MAX_LAYER_DEPTH || seen.has(path)) return "unknown";
  seen.add(path);
  if (WAN_LAYERS.test(`${path}.`)) return "wan";
  if (LAN_LAYERS.test(`${path}.`)) return "lan";
  if (/^Device\.Ethernet\.Interface\.\d+$/.test(path)) {
    const upstream = values.get(`${path}.Upstream`);
    if (upstream !== undefined) return isTrue(upstream) ? "wan" : "lan";
  }
  const isIp = /^Device\.IP\.Interface\.\d+$/.test(path);
  if (isIp && (isTrue(values.get(`${path}.Loopback`)) || values.get(`${path}.Type`)?.trim() === "Loopback"))
    return "lan";
  // The layer stack is the structural answer; names are the vendor's hint when it says nothing.
  const sides = (values.get(`${path}.LowerLayers`) ?? "")
    .split(",")
    .filter((r) => r.trim() !== "")
    .map((r) => sideOf(values, r, depth + 1, seen));
  if (sides.includes("wan")) return "wan";
  if (sides.includes("lan")) return "lan";
  return isIp ? sideByName(values, path) : "unknown";
}

/** Name, Alias or a vendor (X_) parameter of the interface that says WAN or LAN. */
function sideByName(values: Values, iface: string): Side {
  const labels = [values.get(`${iface}.Name`), values.get(`${iface}.Alias`)];
  for (const [path, value] of values) {
    if (!path.startsWith(`${iface}.X_`) || path.indexOf(".", iface.length + 1) >= 0) continue;
    if (/WAN|Upstream/i.test(path.slice(iface.length + 1)) && isTrue(value)) return "wan";
    labels.push(value);
  }
  for (const label of labels) {
    const l = label?.trim().toLowerCase() ?? "";
    if (/^(wan|internet)|[^a-z]wan|wan\d/.test(l) || l === "wan") return "wan";
  }
  for (const label of labels) if (/^(lan|br)|[^a-z]lan/.test(label?.trim().toLowerCase() ?? "")) return "lan";
  return "unknown";
}

/**
 * TR-181: an IPv4 address of an IP.Interface on the WAN side, preferring an interface whose Status
 * is Up. With endDevice set (a set-top box: it has no LAN side) and exactly one addressed interface,
 * that interface is its upstream whatever it is called.
 */
export function tr181WanAddress(values: Values, endDevice: boolean): string | undefined {
  const addressed = new Map<string, string>();
  for (const path of [...values.keys()].filter((p) => TR181_ADDRESS.test(p)).sort(byInstance)) {
    const address = values.get(path);
    const iface = path.slice(0, path.indexOf(".IPv4Address."));
    if (isUsableAddress(address) && !addressed.has(iface)) addressed.set(iface, address.trim());
  }
  const wan = [...addressed.keys()].filter((iface) => sideOf(values, iface) === "wan");
  const up = wan.find((iface) => values.get(`${iface}.Status`)?.trim() === "Up");
  const chosen = up ?? wan[0];
  if (chosen) return addressed.get(chosen);
  // An end device has no LAN side: its one addressed interface is its upstream, whatever its name.
  if (endDevice && addressed.size === 1) return [...addressed.values()][0];
  return undefined;
}

/** A TR-181 tree with an access-network side: DSL, fibre, cellular, PPP, or an upstream Ethernet port on a router. */
export function hasWanSide(values: Values): boolean {
  let routerish = false;
  let ethernetUpstream = false;
  for (const [path, value] of values) {
    if (WAN_LAYERS.test(path)) return true;
    if (/^Device\.Ethernet\.Interface\.\d+\.Upstream$/.test(path) && isTrue(value)) ethernetUpstream = true;
    if (/^Device\.(NAT|Routing|DHCPv4\.Server|Bridging\.Bridge|WiFi\.AccessPoint)\./.test(path))
      routerish = true;
  }
  if (ethernetUpstream && routerish) return true;
  if (!routerish) return false;
  const ifaces = new Set<string>();
  for (const path of values.keys()) {
    const m = /^Device\.IP\.Interface\.\d+/.exec(path);
    if (m) ifaces.add(m[0]);
  }
  return [...ifaces].some((iface) => sideOf(values, iface) === "wan");
}

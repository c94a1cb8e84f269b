// Parts shared by the DNG (TR-098) and STB (TR-181) trees: management server, diagnostics.
import type { DeviceIdentity } from "./fleet-plan";
import type { ParamTree } from "./param-tree";
import type { Rng } from "./prng";

export interface BuildContext {
  identity: DeviceIdentity;
  rng: Rng;
  acsUrl: string;
  /** ACS credentials the CPE uses (ManagementServer.Username/Password) */
  username: string;
  password: string;
  periodicInterval: number;
  /** http://host:port/cr/<serial> */
  connectionRequestUrl: string;
  /** the household's devices, by serial (the DNG sees its STBs, an STB its DNG) */
  household: DeviceIdentity[];
  /** when the device booted (ms since epoch), for UpTime */
  bootedAt: () => number;
}

export const isoNow = (ms = Date.now()): string =>
  new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");

export function addManagementServer(tree: ParamTree, root: string, ctx: BuildContext): void {
  const ms = `${root}ManagementServer.`;
  tree.fill(ms, {
    EnableCWMP: true,
    URL: ctx.acsUrl,
    Username: ctx.username,
    Password: ctx.password,
    PeriodicInformEnable: true,
    PeriodicInformInterval: ctx.periodicInterval,
    PeriodicInformTime: "0001-01-01T00:00:00Z",
    ParameterKey: "",
    ConnectionRequestURL: ctx.connectionRequestUrl,
    ConnectionRequestUsername: ctx.identity.serial,
    ConnectionRequestPassword: `cr-${ctx.identity.serial.toLowerCase()}`,
    UpgradesManaged: false,
    CWMPRetryMinimumWaitInterval: 5,
    CWMPRetryIntervalMultiplier: 2000,
    AliasBasedAddressing: false,
    ManageableDeviceNumberOfEntries: 0,
    // TR-111 Part 2 (sim/stun): off until the ACS (a profile) or --stun turns it on.
    STUNEnable: false,
    STUNServerAddress: "",
    STUNServerPort: 3478,
    STUNUsername: "",
    STUNPassword: "",
    STUNMaximumKeepAlivePeriod: 60,
    STUNMinimumKeepAlivePeriod: 30,
    NATDetected: false,
    UDPConnectionRequestAddress: "",
  });
  if (root === "InternetGatewayDevice.") tree.add(`${ms}UDPConnectionRequestAddressNotificationLimit`, 0);
  // A CPE tells the ACS where UDP connection requests reach it as soon as that changes (TR-111 2.2.1).
  tree.params.get(`${ms}UDPConnectionRequestAddress`)!.notification = 2;
  tree.params.get(`${ms}NATDetected`)!.notification = 1;
}

export function addUpTime(tree: ParamTree, path: string, ctx: BuildContext): void {
  tree.add(path, 0);
  tree.dynamic.set(path, () => String(Math.max(0, Math.floor((Date.now() - ctx.bootedAt()) / 1000))));
}

/** Ping/TraceRoute test objects (same parameter names in TR-098 and TR-181 for these). */
export function addDiagnostics(tree: ParamTree, ping: string, trace: string): void {
  tree.fill(ping, {
    DiagnosticsState: "None",
    Interface: "",
    Host: "",
    NumberOfRepetitions: 4,
    Timeout: 1000,
    DataBlockSize: 64,
    DSCP: 0,
    SuccessCount: 0,
    FailureCount: 0,
    AverageResponseTime: 0,
    MinimumResponseTime: 0,
    MaximumResponseTime: 0,
  });
  tree.fill(trace, {
    DiagnosticsState: "None",
    Interface: "",
    Host: "",
    NumberOfTries: 3,
    Timeout: 5000,
    DataBlockSize: 38,
    DSCP: 0,
    MaxHopCount: 30,
    ResponseTime: 0,
    RouteHopsNumberOfEntries: 0,
  });
  tree.ensureObject(`${trace}RouteHops.`);
}

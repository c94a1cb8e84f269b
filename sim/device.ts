// One simulated CPE: its parameter tree plus the CWMP state a real agent keeps between sessions
// (pending events, queued CPE requests, transfers, value changes, work to do after the session).
import type { AllQueuedTransfer, CpeRequest, EventStruct, ParameterValue } from "../server/cwmp/soap/types";
import { type BuildContext } from "./build-common";
import { buildDng, PPP } from "./build-dng";
import { buildStb } from "./build-stb";
import { firmwareTrust, type FirmwareFault, type FirmwareTrust } from "./firmware-faults";
import type { DeviceIdentity } from "./fleet-plan";
import type { ParamTree } from "./param-tree";
import type { Scenario } from "./monitoring/scenario";
import type { World } from "./monitoring/world";
import { createRng, type Rng } from "./prng";

export interface QueuedTransfer extends AllQueuedTransfer {
  url: string;
  username: string;
  password: string;
  delaySeconds: number;
}

export type DeviceSettings = Omit<BuildContext, "identity" | "rng" | "bootedAt" | "connectionRequestUrl"> & {
  connectionRequestBase: string;
  /** multiplies the device's own delays (reboot time, diagnostics, retries); < 1 in tests */
  timeScale: number;
  /** keys and policy the device checks store images with (default: the demo key, signature required) */
  firmware?: FirmwareTrust;
  /** the network around the fleet and the injected impairments (default: the household alone, none) */
  monitoring?: { world: World; scenario: Scenario };
};

export class SimDevice {
  readonly serial: string;
  readonly root: string;
  readonly rng: Rng;
  tree: ParamTree;
  bootedAt = Date.now();
  /** when the viewer last switched the box on (the fleet's start): it is watched for a while after */
  poweredOnAt?: number;
  /** first contact done (no more 0 BOOTSTRAP) */
  bootstrapped = false;
  online = true;
  retryCount = 0;
  pendingEvents: EventStruct[] = [];
  pendingRequests: CpeRequest[] = [];
  /** parameters with passive/active notification that changed since the last Inform */
  changed = new Set<string>();
  /** the changes the current session's Inform carried (a change during the session waits for the next) */
  private informedChanges = new Set<string>();
  transfers: QueuedTransfer[] = [];
  /** injected download behaviour (issue 10 §5); tests may set it per device */
  firmwareFault?: FirmwareFault;
  /** the SoftwareVersion before the last firmware boot */
  previousVersion?: string;
  /** never_returns: the device accepted a Download and went away for good */
  silent = false;
  /** actions the ACS asked for that run once the current session has ended */
  afterSession: Array<() => void> = [];
  /** asks the fleet for a session (set by the fleet; events are merged into pendingEvents) */
  requestSession: (events: EventStruct[]) => void = (events) => this.addEvents(events);
  /** runs fn later; the fleet replaces it to track (and cancel) timers */
  schedule: (delayMs: number, fn: () => void) => void = (delayMs, fn) => {
    setTimeout(fn, delayMs).unref();
  };
  /** called when the ACS changed PeriodicInform* so the fleet can re-arm the timer */
  periodicChanged: () => void = () => {};
  /** called when the ACS changed ManagementServer.STUN* so the fleet can start/stop its STUN client */
  stunChanged: () => void = () => {};

  constructor(
    readonly identity: DeviceIdentity,
    readonly settings: DeviceSettings,
  ) {
    this.serial = identity.serial;
    this.root = identity.kind === "dng" ? "InternetGatewayDevice." : "Device.";
    this.rng = createRng(identity.seed);
    this.tree = this.build();
  }

  private build(): ParamTree {
    const ctx: BuildContext = {
      ...this.settings,
      identity: this.identity,
      rng: this.rng.fork("tree"),
      bootedAt: () => this.bootedAt,
      connectionRequestUrl: `${this.settings.connectionRequestBase}${this.identity.serial}`,
    };
    const tree = this.identity.kind === "dng" ? buildDng(ctx) : buildStb(ctx);
    tree.onChange = (path, p) => {
      if (p.notification === 0) return;
      this.changed.add(path);
      if (p.notification === 2) this.requestSession([{ eventCode: "4 VALUE CHANGE", commandKey: "" }]);
    };
    return tree;
  }

  firmwareTrust(): FirmwareTrust {
    return this.settings.firmware ?? firmwareTrust();
  }

  /** Factory reset: fresh tree, next contact is a bootstrap. */
  factoryReset(): void {
    this.tree = this.build();
    this.bootstrapped = false;
    this.changed.clear();
    this.transfers = [];
  }

  get(path: string): string | undefined {
    return this.tree.get(path);
  }

  ms(name: string): string {
    return this.tree.get(`${this.root}ManagementServer.${name}`) ?? "";
  }

  /** Merge events: single events once each, M events once per CommandKey. */
  addEvents(events: EventStruct[]): void {
    for (const e of events) {
      const dup = this.pendingEvents.some(
        (p) =>
          p.eventCode === e.eventCode && (!e.eventCode.startsWith("M ") || p.commandKey === e.commandKey),
      );
      if (!dup) this.pendingEvents.push(e);
    }
  }

  /** Reboot: uptime restarts; the next session carries 1 BOOT (and what the caller adds). */
  reboot(events: EventStruct[]): void {
    this.bootedAt = Date.now();
    this.addEvents([{ eventCode: "1 BOOT", commandKey: "" }, ...events]);
  }

  /** Events for the next Inform, adding 0 BOOTSTRAP on first contact and 4 VALUE CHANGE if due. */
  informEvents(): EventStruct[] {
    const events = [...this.pendingEvents];
    if (!this.bootstrapped && !events.some((e) => e.eventCode === "0 BOOTSTRAP")) {
      events.unshift({ eventCode: "0 BOOTSTRAP", commandKey: "" });
    }
    if (this.changed.size > 0 && !events.some((e) => e.eventCode === "4 VALUE CHANGE")) {
      events.push({ eventCode: "4 VALUE CHANGE", commandKey: "" });
    }
    return events;
  }

  /** Forced inform parameters of the root model, plus changed parameters with notification on. */
  informParameters(): ParameterValue[] {
    const names: string[] = [];
    for (const [path, p] of this.tree.params) if (p.facts.fi) names.push(path);
    // TR-098: the default WAN connection's ExternalIPAddress is forced by the spec text, not the XML.
    if (this.identity.kind === "dng") names.push(`${PPP}ExternalIPAddress`);
    for (const path of this.changed) if (!names.includes(path)) names.push(path);
    this.informedChanges = new Set(this.changed);
    return names.flatMap((name) => {
      const p = this.tree.params.get(name);
      const value = this.tree.get(name);
      if (!p || value === undefined) return [];
      return [{ name, value: p.facts.h ? "" : value, type: p.type }];
    });
  }

  /** After a successful session: delivered events and changes are done. */
  sessionSucceeded(delivered: EventStruct[]): void {
    this.bootstrapped = true;
    this.retryCount = 0;
    this.pendingEvents = this.pendingEvents.filter(
      (p) => !delivered.some((d) => d.eventCode === p.eventCode && d.commandKey === p.commandKey),
    );
    for (const path of this.informedChanges) this.changed.delete(path);
    this.informedChanges.clear();
  }
}

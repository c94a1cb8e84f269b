// The fleet runner: N devices from a seed, one session at a time per device (later triggers are
// coalesced), bounded concurrency across the fleet, periodic informs with a per-device phase,
// TR-069 retry back-off, a shared connection-request server, and a clean stop.
import { EventEmitter } from "node:events";
import type { EventStruct } from "../server/cwmp/soap/types";
import { startCrServer, type CrServer } from "./cr-server";
import { fileCredentialStore } from "./credential-store";
import { SimDevice } from "./device";
import { evolveDevice } from "./evolve";
import { assignFirmwareFaults, firmwareTrust, type FirmwareOptions } from "./firmware-faults";
import { planFleet } from "./fleet-plan";
import { BulkDataClient, type BulkDataCounters } from "./monitoring/bulkdata";
import { EMPTY_SCENARIO, type Scenario } from "./monitoring/scenario";
import { setLocalUtcOffset } from "./monitoring/viewing";
import { worldOf, type World } from "./monitoring/world";
import { autonomousUninstall } from "./software-modules";
import { runSession, type SessionOptions, type SessionResult } from "./session";
import type { StunCounters } from "./stun/client";
import { StunClients } from "./stun/clients";

export interface FleetOptions {
  acsUrl: string;
  devices: number;
  seed?: number;
  stbRatio?: number;
  /** PeriodicInformInterval in seconds */
  periodic?: number;
  username?: string;
  password?: string;
  /** each device authenticates as its serial with password "pw-<serial>" */
  perDeviceCredentials?: boolean;
  crHost?: string;
  crPort?: number;
  faultRate?: number;
  latencyMs?: number;
  /** every device boots at the same instant instead of spread over startSpreadMs */
  bootStorm?: boolean;
  startSpreadMs?: number;
  /** maximum simultaneous sessions (default 50; with bootStorm, every device) */
  concurrency?: number;
  /** multiplies retry waits and the devices' own delays (tests use e.g. 0.01) */
  retryScale?: number;
  /** how often device values evolve (ms); 0 disables */
  evolveEveryMs?: number;
  /**
   * File keeping the ACS credentials each device was given (as a CPE keeps them in flash), so a
   * restarted fleet authenticates with them; unset: every run starts from the shared credentials.
   */
  credentialsFile?: string;
  /** do not boot devices on start (tests drive them with fleet.trigger) */
  noBoot?: boolean;
  /** store-image checks and injected download behaviours */
  firmware?: FirmwareOptions;
  /** the network around the fleet (default: worldOf(plan)) and injected impairments (default: none) */
  world?: World;
  scenario?: Scenario;
  /** the households' local time, hours from UTC (default +1, Paris winter): dayparts follow it */
  localUtcOffsetHours?: number;
  /** hours of BulkData reports each device posts when the ACS enables its first profile */
  backfillHours?: number;
  /** Device.BulkData.MinReportingInterval the STBs announce (s, default 60; tests use 1) */
  bulkDataMinInterval?: number;
  /**
   * TR-111 STUN client: `enabled` turns it on at start on every device (else only when the ACS sets
   * STUNEnable), towards `server` ("host:port", default the ACS host, port 3478), with the username
   * "<oui>-<serial>" the ACS derives; `assumeNat`: devices report NATDetected whatever their mapping.
   */
  stun?: { enabled?: boolean; server?: string; assumeNat?: boolean };
  onMessage?: (serial: string, direction: "cpe" | "acs", msg: unknown) => void;
  log?: { debug(obj: object, msg?: string): void; info(obj: object, msg?: string): void };
}

export interface FleetCounters {
  sessionsOk: number;
  sessionsFailed: number;
  /** failed sessions the ACS refused with 503 + Retry-After (counted in sessionsFailed too) */
  refused: number;
  rpcs: number;
  connectionRequests: number;
}

export interface Fleet extends EventEmitter {
  devices: SimDevice[];
  world: World;
  scenario: Scenario;
  bulkData: BulkDataCounters;
  device(serial: string): SimDevice | undefined;
  counters: FleetCounters;
  crBase: string;
  /** the devices' STUN clients (TR-111) and their counters */
  stun: StunClients;
  stunCounters: StunCounters;
  /** the device collects and posts a BulkData report now on each enabled profile (how many) */
  bulkDataNow(serial: string): number;
  /** ask a device for a session now (as a trigger would) */
  trigger(serial: string, events?: EventStruct[]): void;
  /** the device asks for a file (TR-069 A.4.2.3): a session with 9 REQUEST DOWNLOAD and the RPC */
  requestDownload(serial: string, fileType?: string): void;
  /** the device removes an app on its own and reports it (AutonomousDUStateChangeComplete) */
  uninstallAppLocally(serial: string, uuid: string): boolean;
  /** resolves when no session is running or queued (bounded by timeoutMs) */
  idle(timeoutMs?: number): Promise<boolean>;
  stop(): Promise<void>;
}

interface Runner {
  running: boolean;
  again: boolean;
  retryTimer?: NodeJS.Timeout;
  periodicTimer?: NodeJS.Timeout;
}

export async function startFleet(opts: FleetOptions): Promise<Fleet> {
  const seed = opts.seed ?? 42;
  const scale = opts.retryScale ?? 1;
  const plan = planFleet({ devices: opts.devices, seed, stbRatio: opts.stbRatio });
  const world = opts.world ?? worldOf(plan);
  const scenario = opts.scenario ?? EMPTY_SCENARIO;
  const restoreLocalTime =
    opts.localUtcOffsetHours !== undefined ? setLocalUtcOffset(opts.localUtcOffsetHours) : undefined;
  const bulk = new BulkDataClient({
    backfillHours: opts.backfillHours,
    minInterval: opts.bulkDataMinInterval,
    log: opts.log,
  });
  const emitter = new EventEmitter();
  const counters: FleetCounters = {
    sessionsOk: 0,
    sessionsFailed: 0,
    refused: 0,
    rpcs: 0,
    connectionRequests: 0,
  };
  const timers = new Set<NodeJS.Timeout>();
  const runners = new Map<SimDevice, Runner>();
  const bySerial = new Map<string, SimDevice>();
  let stopping = false;
  let active = 0;
  const waiters: Array<() => void> = [];
  // A storm is every device at once: no client-side queue unless asked for one.
  const concurrency = Math.max(1, opts.concurrency ?? (opts.bootStorm ? opts.devices : 50));
  const credentials = opts.credentialsFile
    ? fileCredentialStore(opts.credentialsFile, opts.username ?? "")
    : undefined;

  const later = (ms: number, fn: () => void): NodeJS.Timeout => {
    const t = setTimeout(
      () => {
        timers.delete(t);
        if (!stopping) fn();
      },
      Math.max(0, ms),
    );
    timers.add(t);
    return t;
  };

  const cr: CrServer = await startCrServer({
    host: opts.crHost ?? "127.0.0.1",
    port: opts.crPort ?? 0,
    // A silent device (never_returns) ignores connection requests like an unplugged box.
    device: (serial) => {
      const d = bySerial.get(serial);
      return d?.silent ? undefined : d;
    },
    onRequest: (d) => {
      counters.connectionRequests++;
      d.requestSession([{ eventCode: "6 CONNECTION REQUEST", commandKey: "" }]);
    },
  });

  const stun = new StunClients({
    host: opts.crHost ?? "127.0.0.1",
    timeScale: scale,
    assumeNat: opts.stun?.assumeNat,
    log: opts.log,
    onConnectionRequest: (d) => {
      if (d.silent) return;
      counters.connectionRequests++;
      d.requestSession([{ eventCode: "6 CONNECTION REQUEST", commandKey: "" }]);
    },
  });
  // Several STUN* values set in one SetParameterValues make one restart of the client, after them.
  const stunDue = new Set<SimDevice>();
  const stunChanged = (d: SimDevice): void => {
    if (stunDue.size === 0) {
      later(0, () => {
        for (const x of stunDue) void stun.sync(x);
        stunDue.clear();
      });
    }
    stunDue.add(d);
  };

  const sessionOpts = (d: SimDevice): SessionOptions => ({
    faultRate: opts.faultRate,
    latencyMs: opts.latencyMs,
    onMessage: opts.onMessage ? (dir, msg) => opts.onMessage!(d.serial, dir, msg) : undefined,
  });

  const acquire = async (): Promise<void> => {
    if (active < concurrency) {
      active++;
      return;
    }
    await new Promise<void>((resolve) => waiters.push(resolve));
  };
  const release = (): void => {
    const next = waiters.shift();
    if (next) next();
    else active--;
  };

  const start = (d: SimDevice): void => {
    const r = runners.get(d)!;
    if (stopping || d.silent) return;
    if (r.running) {
      r.again = true;
      return;
    }
    r.running = true;
    r.again = false;
    void (async () => {
      await acquire();
      let result: SessionResult;
      try {
        evolveDevice(d);
        result = await runSession(d, sessionOpts(d));
      } finally {
        release();
      }
      counters.rpcs += result.rpcs;
      const actions = d.afterSession;
      d.afterSession = [];
      if (result.ok) {
        counters.sessionsOk++;
        for (const a of actions) a();
        credentials?.save(d);
        bulk.sync(d);
      } else {
        counters.sessionsFailed++;
        // What the device accepted before the session broke (a queued Download) stays accepted, as in
        // a CPE's flash: it starts after the next session that ends well.
        d.afterSession.unshift(...actions);
        d.retryCount++;
        if (result.retryAfterMs !== undefined) counters.refused++;
        // A busy ACS's 503 + Retry-After says when to come back (bounded in session.ts); without
        // one, the TR-069 back-off. Either way the same events (0 BOOTSTRAP, 1 BOOT...) are sent again.
        const wait = (result.retryAfterMs ?? retryBackoffMs(d)) * scale;
        r.retryTimer = later(wait, () => start(d));
      }
      opts.log?.debug(
        {
          serial: d.serial,
          ok: result.ok,
          error: result.error,
          events: result.events.map((e) => e.eventCode),
          rpcs: result.rpcs,
        },
        "session",
      );
      emitter.emit("session", d, result);
      r.running = false;
      if (r.again && result.ok) start(d);
      else if (!r.running && active === 0 && waiters.length === 0) emitter.emit("idle");
    })();
  };

  const armPeriodic = (d: SimDevice, first: boolean): void => {
    const r = runners.get(d)!;
    if (r.periodicTimer) {
      clearTimeout(r.periodicTimer);
      timers.delete(r.periodicTimer);
    }
    r.periodicTimer = undefined;
    if (d.ms("PeriodicInformEnable") !== "true") return;
    const interval = Math.max(1, Number(d.ms("PeriodicInformInterval")) || 300) * 1000;
    const delay = first ? d.rng.next() * interval : interval;
    r.periodicTimer = later(delay, () => {
      d.requestSession([{ eventCode: "2 PERIODIC", commandKey: "" }]);
      armPeriodic(d, false);
    });
  };

  const trust = firmwareTrust(opts.firmware);
  // Grouped once: a filter of the whole plan per device took minutes at 10,000 devices.
  const households = new Map<string, typeof plan>();
  for (const p of plan) {
    const members = households.get(p.gatewaySerial);
    if (members) members.push(p);
    else households.set(p.gatewaySerial, [p]);
  }
  const devices = plan.map((identity) => {
    const household = households.get(identity.gatewaySerial) ?? [identity];
    const username = opts.perDeviceCredentials ? identity.serial : (opts.username ?? "");
    const password = opts.perDeviceCredentials ? `pw-${identity.serial}` : (opts.password ?? "");
    const d = new SimDevice(identity, {
      acsUrl: opts.acsUrl,
      username,
      password,
      periodicInterval: opts.periodic ?? 300,
      household,
      connectionRequestBase: cr.base,
      timeScale: scale,
      firmware: trust,
      monitoring: { world, scenario },
    });
    const minInterval = d.tree.params.get("Device.BulkData.MinReportingInterval");
    if (minInterval && opts.bulkDataMinInterval !== undefined) {
      minInterval.value = String(Math.max(1, Math.floor(opts.bulkDataMinInterval)));
    }
    runners.set(d, { running: false, again: false });
    bySerial.set(d.serial, d);
    d.schedule = (ms, fn) => void later(ms, fn);
    d.requestSession = (events) => {
      if (d.silent) return;
      d.addEvents(events);
      const r = runners.get(d)!;
      // A trigger during a failed session's back-off waits for the retry, as real CPEs do.
      if (!r.retryTimer || !timers.has(r.retryTimer)) start(d);
    };
    d.periodicChanged = () => armPeriodic(d, false);
    d.stunChanged = () => stunChanged(d);
    if (opts.stun?.enabled) enableStun(d, opts.acsUrl, opts.stun.server);
    credentials?.restore(d);
    return d;
  });

  assignFirmwareFaults(devices, seed, opts.firmware?.faults);
  for (const d of devices) if (d.ms("STUNEnable") === "true") void stun.sync(d);

  const evolveEvery = opts.evolveEveryMs ?? 10_000;
  if (evolveEvery > 0) {
    const tick = (): void => {
      const now = Date.now();
      for (const d of devices) evolveDevice(d, now);
      later(evolveEvery, tick);
    };
    later(evolveEvery, tick);
  }

  if (!opts.noBoot) {
    const spread = opts.bootStorm ? 0 : (opts.startSpreadMs ?? Math.min(60_000, devices.length * 20));
    const rng = devices[0]?.rng.fork("boot");
    for (const d of devices) {
      later(rng ? rng.next() * spread : 0, () => {
        d.reboot([]);
        d.poweredOnAt = Date.now(); // switched on: the viewer watches for a while
        d.requestSession([]);
        armPeriodic(d, true);
      });
    }
  }

  const fleet = Object.assign(emitter, {
    devices,
    world,
    scenario,
    bulkData: bulk.counters,
    counters,
    crBase: cr.base,
    stun,
    stunCounters: stun.counters,
    device: (serial: string) => bySerial.get(serial),
    bulkDataNow: (serial: string) => {
      const d = bySerial.get(serial);
      return d ? bulk.reportNow(d) : 0;
    },
    trigger: (serial: string, events: EventStruct[] = []) => bySerial.get(serial)?.requestSession(events),
    requestDownload: (serial: string, fileType = "1 Firmware Upgrade Image") => {
      const d = bySerial.get(serial);
      if (!d) return;
      d.pendingRequests.push({ name: "RequestDownload", fileType, fileTypeArg: [] });
      d.requestSession([{ eventCode: "9 REQUEST DOWNLOAD", commandKey: "" }]);
    },
    uninstallAppLocally: (serial: string, uuid: string) => {
      const d = bySerial.get(serial);
      return d?.identity.kind === "stb" ? autonomousUninstall(d, uuid) : false;
    },
    idle: async (timeoutMs = 10_000): Promise<boolean> => {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        if ([...runners.values()].every((r) => !r.running)) return true;
        await new Promise((res) => setTimeout(res, 20));
      }
      return false;
    },
    stop: async (): Promise<void> => {
      stopping = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      await bulk.stop();
      await Promise.all([cr.close(), stun.stop()]);
      await fleet.idle(5000);
      restoreLocalTime?.();
    },
  });
  return fleet;
}

/** TR-069 3.2.1.1 back-off: a wait in [m*(k/1000)^(n-1), m*(k/1000)^n] seconds, n capped at 10 (ms). */
function retryBackoffMs(d: SimDevice): number {
  const n = Math.min(d.retryCount, 10);
  const m = Number(d.ms("CWMPRetryMinimumWaitInterval")) || 5;
  const k = (Number(d.ms("CWMPRetryIntervalMultiplier")) || 2000) / 1000;
  const lo = m * k ** (n - 1);
  return (lo + d.rng.next() * (m * k ** n - lo)) * 1000;
}

/** --stun: STUN on from the start, towards the given server or the ACS host on 3478 (TR-111). */
function enableStun(d: SimDevice, acsUrl: string, server?: string): void {
  const ms = `${d.root}ManagementServer.`;
  const m = server ? /^\[?([^\]]+?)\]?:(\d{1,5})$/.exec(server) : null;
  if (server && !m) throw new Error(`stun server ${JSON.stringify(server)} is not host:port`);
  const values: Record<string, string> = {
    STUNEnable: "true",
    STUNServerAddress: m?.[1] ?? new URL(acsUrl).hostname.replace(/^\[|\]$/g, ""),
    STUNServerPort: m?.[2] ?? "3478",
    STUNUsername: `${d.identity.vendor.oui}-${d.serial}`,
  };
  for (const [name, value] of Object.entries(values)) d.tree.params.get(ms + name)!.value = value;
}

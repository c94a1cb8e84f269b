// A fleet of simulated mobiles: each with its DM tree, its package 0 socket on loopback, and the
// credentials of its DMAcc (one shared password for the dev bootstrap, OMADM_DEFAULT_CLIENT_PASSWORD,
// unless per-device ones are given).
import { createRng } from "../prng";
import { SimMobile } from "./mobile";
import { listenForPackage0, type NotifyListener } from "./notify";

export interface FleetOptions {
  serverUrl: string;
  devices: number;
  seed: number;
  encoding: "xml" | "wbxml";
  password: string;
  serverId: string;
  failureRate: number;
  maxMsgSize: number;
  /** client authentication: auth-md5 Cred (default) or the x-syncml-hmac header */
  auth?: "md5" | "hmac";
  /** per-device passwords (DevId -> { client, server }) instead of the shared one */
  credentials?: Map<string, { client: string; server: string }>;
}

export interface SimFleet {
  mobiles: SimMobile[];
  listeners: NotifyListener[];
  close(): Promise<void>;
}

/** A DevId that looks like a handset's: IMEI: and 15 digits, deterministic from the seed and index. */
export function imeiFor(seed: number, index: number): string {
  const rng = createRng(`imei-${seed}-${index}`);
  let digits = "35";
  while (digits.length < 15) digits += String(rng.int(0, 9));
  return `IMEI:${digits}`;
}

export async function startFleet(options: FleetOptions): Promise<SimFleet> {
  const mobiles: SimMobile[] = [];
  const listeners: NotifyListener[] = [];
  const rng = createRng(options.seed);
  for (let i = 0; i < Math.min(options.devices, 10_000); i++) {
    const devId = imeiFor(options.seed, i);
    const own = options.credentials?.get(devId);
    const slot: { mobile?: SimMobile } = {};
    const listener = await listenForPackage0(() => slot.mobile);
    const mobile = new SimMobile({
      identity: {
        devId,
        man: "Vantage Labs",
        mod: i % 2 === 0 ? "VL-Phone 3" : "VL-Tab 1",
        fwV: "1.0.0",
        serverId: options.serverId,
        serverUrl: options.serverUrl,
        clientPassword: own?.client ?? options.password,
        serverPassword: own?.server ?? options.password,
      },
      encoding: options.encoding,
      maxMsgSize: options.maxMsgSize,
      ...(options.auth ? { auth: options.auth } : {}),
      failureRate: options.failureRate,
      rng: rng.fork(devId),
      notifyAddress: listener.address,
    });
    slot.mobile = mobile;
    mobiles.push(mobile);
    listeners.push(listener);
  }
  return {
    mobiles,
    listeners,
    async close() {
      await Promise.all(listeners.map((l) => l.close()));
    },
  };
}

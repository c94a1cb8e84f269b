// Download behaviours a fleet can inject (issue 10 §5): each device gets at most one, drawn once at
// start from the fleet seed so the same seed gives the same failing devices, and tests may overwrite
// one device's `firmwareFault` afterwards.
import { readFileSync } from "node:fs";
import path from "node:path";
import { parsePublicKey, type TrustedKey } from "../server/firmware/signature";
import { createRng } from "./prng";

export const FIRMWARE_FAULTS = [
  "http_error",
  "timeout",
  "slow_link",
  "size_mismatch",
  "hash_mismatch",
  "signature_mismatch",
  "boots_old_version",
  "never_returns",
  // cannot join a multicast group (no route, IGMP filtered): a flute:// Download faults 9014
  "multicast_join",
] as const;
export type FirmwareFault = (typeof FIRMWARE_FAULTS)[number];

export interface FirmwareOptions {
  /** PEM public keys the CPEs trust (default: the demo originator key) */
  trustedKeys?: string[];
  /** refuse (9019) a store image without a good signature; default true */
  requireSignature?: boolean;
  /** fraction of the fleet showing each behaviour */
  faults?: Partial<Record<FirmwareFault, number>>;
  /** flute:// Downloads: the local address to join groups on, and how long a device listens */
  multicast?: MulticastOptions;
}

export interface MulticastOptions {
  interfaceAddress?: string;
  /** give up (9014) after this long without the whole file; default 5 minutes */
  timeoutMs?: number;
}

/** What a device checks images with, parsed once per fleet. */
export interface FirmwareTrust {
  keys: TrustedKey[];
  requireSignature: boolean;
  multicast?: MulticastOptions;
}

const DEMO_KEY = path.resolve(import.meta.dirname, "../scripts/demo-keys/demo-originator.pub.pem");
let demoTrust: FirmwareTrust | undefined;

export function firmwareTrust(opts: FirmwareOptions = {}): FirmwareTrust {
  const trust = keysOf(opts);
  return opts.multicast ? { ...trust, multicast: opts.multicast } : trust;
}

function keysOf(opts: FirmwareOptions): FirmwareTrust {
  if (!opts.trustedKeys && opts.requireSignature !== false && demoTrust) return demoTrust;
  const pems = opts.trustedKeys ?? [readFileSync(DEMO_KEY, "utf8")];
  const keys = pems.flatMap((pem) => {
    const k = parsePublicKey(pem);
    if ("error" in k) throw new Error(`firmware.trustedKeys: ${k.error}`);
    return [k];
  });
  const trust = { keys, requireSignature: opts.requireSignature ?? true };
  if (!opts.trustedKeys && trust.requireSignature) demoTrust = trust;
  return trust;
}

/**
 * One behaviour per device at most: round(rate × N) devices per fault, taken in turn from a seeded
 * shuffle of the fleet (so the counts are exact and the rates need not be independent draws).
 */
export function assignFirmwareFaults<T extends { firmwareFault?: FirmwareFault }>(
  devices: readonly T[],
  seed: number,
  faults: Partial<Record<FirmwareFault, number>> = {},
): void {
  const order = devices.map((_, i) => i);
  const rng = createRng(`${seed}:firmware-faults`);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  let at = 0;
  for (const fault of FIRMWARE_FAULTS) {
    const rate = faults[fault] ?? 0;
    if (!(rate > 0)) continue;
    const n = Math.min(order.length - at, Math.round(Math.min(1, rate) * devices.length));
    for (let k = 0; k < n; k++) devices[order[at++]!]!.firmwareFault = fault;
  }
}

/** "http_error=0.02,boots_old_version=0.01" (the CLI's --fw-fail) → rates; throws on a bad entry. */
export function parseFaultRates(spec: string): Partial<Record<FirmwareFault, number>> {
  const out: Partial<Record<FirmwareFault, number>> = {};
  for (const part of spec
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [name, value] = part.split("=");
    const rate = Number(value);
    if (!FIRMWARE_FAULTS.includes(name as FirmwareFault) || !Number.isFinite(rate) || rate < 0 || rate > 1) {
      throw new Error(`--fw-fail: "${part}" is not <fault>=<0..1> (faults: ${FIRMWARE_FAULTS.join(", ")})`);
    }
    out[name as FirmwareFault] = rate;
  }
  return out;
}

// Deterministic fleet identities from a seed: serials, MACs, IPs, subscriber ids and the
// DNG <-> STB pairing (one household = one DNG and the STBs behind it).
import { createRng } from "./prng";
import { DNG_VENDORS, STB_VENDORS, type VendorProfile } from "./vendors";

export type DeviceKind = "dng" | "stb";

export interface DeviceIdentity {
  kind: DeviceKind;
  index: number;
  serial: string;
  vendor: VendorProfile;
  hardwareVersion: string;
  softwareVersion: string;
  mac: string;
  lanIp: string;
  /** DNG only: the WAN address the ISP gave it */
  wanIp: string;
  subscriberId: string;
  /** STB: its gateway; DNG: itself */
  gatewaySerial: string;
  /** DNG: the STBs behind it */
  stbSerials: string[];
  /** per-device PRNG seed for values and timing */
  seed: number;
}

export interface PlanOptions {
  devices: number;
  seed: number;
  /** share of STBs among devices (default 0.7) */
  stbRatio?: number;
}

function macFor(oui: string, index: number, salt: number): string {
  const low = ((index * 7919 + salt) & 0xffffff).toString(16).padStart(6, "0");
  return (oui + low).toUpperCase().match(/../g)!.join(":");
}

export function planFleet(opts: PlanOptions): DeviceIdentity[] {
  const rng = createRng(opts.seed);
  const total = Math.max(0, Math.floor(opts.devices));
  if (total === 0) return [];
  const stbRatio = Math.min(1, Math.max(0, opts.stbRatio ?? 0.7));
  const dngCount = Math.max(1, Math.min(total, Math.round(total * (1 - stbRatio))));
  const stbCount = total - dngCount;
  // STBs per household: spread evenly, the remainder to the first households.
  const perHouse = Array.from(
    { length: dngCount },
    (_, i) => Math.floor(stbCount / dngCount) + (i < stbCount % dngCount ? 1 : 0),
  );
  const out: DeviceIdentity[] = [];
  let index = 0;
  const make = (kind: DeviceKind, vendor: VendorProfile, house: number): DeviceIdentity => {
    const i = index++;
    const salt = rng.int(0, 0xffff);
    return {
      kind,
      index: i,
      serial: `${vendor.serialPrefix}${i.toString(16).toUpperCase().padStart(5, "0")}${rng.hex(5)}`,
      vendor,
      hardwareVersion: rng.pick(vendor.hardwareVersions),
      softwareVersion: rng.pick(vendor.softwareVersions),
      mac: macFor(vendor.oui, i, salt),
      lanIp: "",
      wanIp: `100.${64 + ((house >> 16) & 63)}.${(house >> 8) & 255}.${(house & 255) + 1 > 254 ? 254 : (house & 255) + 1}`,
      subscriberId: `SUB${(100000 + house).toString()}`,
      gatewaySerial: "",
      stbSerials: [],
      seed: rng.int(1, 0x7fffffff),
    };
  };
  for (let h = 0; h < dngCount; h++) {
    const dng = make("dng", rng.pick(DNG_VENDORS), h);
    dng.lanIp = "192.168.1.1";
    dng.gatewaySerial = dng.serial;
    out.push(dng);
    for (let s = 0; s < (perHouse[h] ?? 0); s++) {
      const stb = make("stb", rng.pick(STB_VENDORS), h);
      stb.lanIp = `192.168.1.${100 + s}`;
      stb.wanIp = dng.wanIp;
      stb.gatewaySerial = dng.serial;
      dng.stbSerials.push(stb.serial);
      out.push(stb);
    }
  }
  return out;
}

// Filling in a profile value's references for one device, the engine's way: ${serial}, ${oui},
// ${productClass}, ${subscriberId}, ${root}, and ${secret:<name>} from the secrets the caller holds
// (the engine opens them; the browser never has them). Isomorphic: the console shows the same values.

export interface DeviceIdentity {
  rootObject: string;
  serialNumber: string;
  oui: string;
  productClass: string;
  subscriberId: string | null;
}

const REFERENCE = /\$\{([^}]{1,80})\}/g;

function referenceValue(ref: string, d: DeviceIdentity): string | null {
  switch (ref) {
    case "serial":
      return d.serialNumber;
    case "oui":
      return d.oui;
    case "productClass":
      return d.productClass;
    case "subscriberId":
      return d.subscriberId || null;
    case "root":
      return d.rootObject;
    default:
      return null;
  }
}

/** Fills in ${…}; null when a reference has no value for this device (or a secret is not held). */
export function resolveValue(
  value: string,
  device: DeviceIdentity,
  secrets: ReadonlyMap<string, string> = new Map(),
): { value: string; secret: boolean } | null {
  let secret = false;
  let missing = false;
  const out = value.replace(REFERENCE, (_m, ref: string) => {
    if (ref.startsWith("secret:")) {
      const v = secrets.get(ref.slice("secret:".length));
      secret = true;
      if (v === undefined) missing = true;
      return v ?? "";
    }
    const v = referenceValue(ref, device);
    if (v === null) missing = true;
    return v ?? "";
  });
  return missing ? null : { value: out, secret };
}

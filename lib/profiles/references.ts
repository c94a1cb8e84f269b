// Filling in a profile value's references for one device, the engine's way: ${serial}, ${oui},
// ${productClass}, ${subscriberId}, ${root}, and ${secret:<name>} from the secrets the caller holds
// (the engine opens them; the browser never has them). Isomorphic: the console shows the same values.
// Server references (${bulkdataUrl}, ${bulkdataPassword}, ${stunUsername}, ${stunPassword},
// ${stunServerAddress}, ${stunServerPort}) are filled in by resolvers the server process registers
// (server/monitoring/bulkdata, server/stun); in the browser they have no value. The passwords resolve as
// secrets (like ${secret:…}): set by hash, never shown.

export interface DeviceIdentity {
  rootObject: string;
  serialNumber: string;
  oui: string;
  productClass: string;
  subscriberId: string | null;
}

const REFERENCE = /\$\{([^}]{1,80})\}/g;

/** References whose value the server derives per device; `secret` ones are handled like ${secret:…}. */
export const SERVER_REFERENCES = {
  bulkdataUrl: { secret: false },
  bulkdataPassword: { secret: true },
  /** TR-111 STUN (server/stun): the device's derived credentials and where the STUN server listens */
  stunUsername: { secret: false },
  stunPassword: { secret: true },
  stunServerAddress: { secret: false },
  stunServerPort: { secret: false },
} as const;
export type ServerReference = keyof typeof SERVER_REFERENCES;

type Resolver = (d: DeviceIdentity) => string | null;
// Process-wide: the collector registers, the profile engine (another module copy under Next) resolves.
// The slot of server/core/process-slot.ts, reached directly because lib/ does not import server code.
const slots = ((globalThis as unknown as { __vantageSlots?: Record<string, object> }).__vantageSlots ??= {});
const slot = (slots.serverReferences ??= {}) as { resolvers?: Map<string, Resolver> };
const resolvers = (slot.resolvers ??= new Map<string, Resolver>());

/** Registers how this process fills in a server reference; returns the unregister function. */
export function registerServerReference(name: ServerReference, resolve: Resolver): () => void {
  resolvers.set(name, resolve);
  return () => {
    if (resolvers.get(name) === resolve) resolvers.delete(name);
  };
}

const isServerReference = (ref: string): ref is ServerReference => Object.hasOwn(SERVER_REFERENCES, ref);

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
    if (isServerReference(ref)) {
      const v = resolvers.get(ref)?.(device) ?? null;
      if (SERVER_REFERENCES[ref].secret) secret = true;
      if (v === null) missing = true;
      return v ?? "";
    }
    const v = referenceValue(ref, device);
    if (v === null) missing = true;
    return v ?? "";
  });
  return missing ? null : { value: out, secret };
}

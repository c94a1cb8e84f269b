// What a device should look like under the profiles that apply to it: the definitions expanded for the
// device (its root object, ${serial}-style references, secrets opened) and merged by priority, so each
// path has one owner. A lower-priority profile's row for a path a higher one owns is "overridden": it is
// neither applied nor counted against that profile's convergence, and the console says who won.
import type { ProfileDefinition, ProfileObject } from "../../lib/profiles/definition";
import { NOTIFICATION_CODE, valueReferences } from "../../lib/profiles/definition";
import { resolveValue, type DeviceIdentity } from "../../lib/profiles/references";

export { resolveValue, type DeviceIdentity };

export interface ApplicableProfile {
  id: number;
  name: string;
  priority: number;
  definition: ProfileDefinition;
  /** Opened secrets: name -> value. Only the engine holds them, for the duration of one evaluation. */
  secrets: ReadonlyMap<string, string>;
}

export interface DesiredValue {
  path: string;
  value: string;
  /** Built from a ${secret:…}: never shown, compared by hash (a CPE does not report it). */
  secret: boolean;
}

export interface DesiredAttribute {
  path: string;
  notification: 0 | 1 | 2;
  accessList?: string[];
}

export interface ProfileDesire {
  profileId: number;
  values: DesiredValue[];
  attributes: DesiredAttribute[];
  objects: ProfileObject[];
  /** Rows this device cannot take: an unresolved reference, e.g. ${subscriberId} not reported. */
  unresolved: string[];
  /**
   * Instance values built from a secret, by pattern ("Device.BulkData.Profile.{i}.HTTP.Password"):
   * compared by hash like secret parameters, since a CPE reads a password back as "".
   */
  objectSecrets: Set<string>;
  /** path -> name of the higher-priority profile that owns it here */
  overridden: Map<string, string>;
}

/** A row for the other data model (TR-098 vs TR-181) is not this device's. */
const onRoot = (path: string, root: string) => path.startsWith(`${root}.`);

/**
 * Each profile's share of the device, highest priority first (ties: lower id first, i.e. the older
 * profile). A path set by an earlier profile is owned by it for every later one.
 */
export function desiredState(
  profiles: readonly ApplicableProfile[],
  device: DeviceIdentity,
): ProfileDesire[] {
  const ordered = [...profiles].sort((a, b) => b.priority - a.priority || a.id - b.id);
  const owners = new Map<string, string>();
  const attributeOwners = new Map<string, string>();
  return ordered.map((p) => {
    const desire: ProfileDesire = {
      profileId: p.id,
      values: [],
      attributes: [],
      objects: [],
      unresolved: [],
      objectSecrets: new Set(),
      overridden: new Map(),
    };
    for (const row of p.definition.parameters) {
      if (!onRoot(row.path, device.rootObject)) continue;
      const owner = owners.get(row.path);
      if (owner !== undefined) {
        desire.overridden.set(row.path, owner);
        continue;
      }
      const resolved = resolveValue(row.value, device, p.secrets);
      if (!resolved) {
        desire.unresolved.push(`${row.path}: ${valueReferences(row.value).join(", ")} has no value here`);
        continue;
      }
      owners.set(row.path, p.name);
      desire.values.push({ path: row.path, ...resolved });
    }
    for (const row of p.definition.attributes) {
      if (!onRoot(row.path, device.rootObject)) continue;
      const owner = attributeOwners.get(row.path);
      if (owner !== undefined) {
        desire.overridden.set(`${row.path} (attributes)`, owner);
        continue;
      }
      attributeOwners.set(row.path, p.name);
      desire.attributes.push({
        path: row.path,
        notification: NOTIFICATION_CODE[row.notification],
        ...(row.accessList ? { accessList: row.accessList } : {}),
      });
    }
    for (const obj of p.definition.objects) {
      if (!onRoot(obj.path, device.rootObject)) continue;
      const problems: string[] = [];
      const resolve = (values: Record<string, string>, table: string) => {
        const out: Record<string, string> = {};
        for (const [name, raw] of Object.entries(values)) {
          const r = resolveValue(raw, device, p.secrets);
          if (!r) problems.push(`${table}{i}.${name}: ${valueReferences(raw).join(", ")} has no value here`);
          else {
            out[name] = r.value;
            if (r.secret) desire.objectSecrets.add(`${table}{i}.${name}`);
          }
        }
        return out;
      };
      const instances = obj.instances.map((inst) => ({
        values: resolve(inst.values, obj.path),
        children: inst.children.map((c) => ({
          ...c,
          instances: c.instances.map((ci) => ({ values: resolve(ci.values, `${obj.path}{i}.${c.path}`) })),
        })),
      }));
      // A table is managed whole or not at all: half its instances could delete the others (exact).
      if (problems.length > 0) desire.unresolved.push(...problems);
      else desire.objects.push({ ...obj, instances });
    }
    return desire;
  });
}

// The minimal work that brings a device to one profile's desired state, decided from what the ACS
// knows of the device (its parameter document). Pure: the engine (./engine.ts) turns a plan into tasks.
// Unknown or stale values are read first; nothing is planned when the device already matches.
import { createHash } from "node:crypto";
import type { ChildObject, ProfileObject } from "../../lib/profiles/definition";
import { normaliseValue, type ParameterEntry } from "../devices/parameter-document";
import type { DesiredAttribute, ProfileDesire } from "./desired";

export interface PlannedValue {
  path: string;
  value: string;
  type: string;
  secret: boolean;
  /** For a secret: the hash stored once the device took it (the value itself is never stored here). */
  secretHash?: string;
}

export interface PlannedInstance {
  table: string;
  values: Record<string, string>;
}

export interface Plan {
  /** Values (or whole tables) to read before deciding: never read yet, or older than the last boot. */
  reads: string[];
  /** Parameters whose notification attribute is not known yet (GetParameterAttributes). */
  attributeReads: string[];
  sets: PlannedValue[];
  attributes: DesiredAttribute[];
  /** Instances to create (AddObject, then their values). */
  adds: PlannedInstance[];
  /** Instance object paths to delete ("Device.NAT.PortMapping.4."). */
  deletes: string[];
  /** Paths whose value this profile decides on the device. */
  owned: string[];
}

export interface KnownState {
  entry: (path: string) => ParameterEntry | undefined;
  /** Every path in the document (for finding a table's instances). */
  paths: () => Iterable<string>;
  /** Entries read before this time (the last boot) may have been reverted by the device. */
  staleBefore: number;
  /** Paths read in the current attempt: not read again, whatever came back. */
  alreadyRead: ReadonlySet<string>;
  /** path -> sha-256 of the secret value last set. */
  secretHashes: Readonly<Record<string, string>>;
  /** Instances this profile created in the current attempt (AddObject answers): table -> numbers. */
  created: ReadonlyMap<string, readonly string[]>;
  /** The xsd type the data model gives a path, for values the document has no type for. */
  typeOf: (path: string) => string | undefined;
}

export const hashSecret = (value: string) => createHash("sha256").update(value).digest("base64");

const needsRead = (known: KnownState, path: string, e: ParameterEntry | undefined) =>
  !known.alreadyRead.has(path) && (e === undefined || e.ts < known.staleBefore);

export function planProfile(desire: ProfileDesire, known: KnownState): Plan {
  const plan: Plan = {
    reads: [],
    attributeReads: [],
    sets: [],
    attributes: [],
    adds: [],
    deletes: [],
    owned: [],
  };
  for (const d of desire.values) {
    plan.owned.push(d.path);
    const e = known.entry(d.path);
    const type = e?.t ?? known.typeOf(d.path) ?? "string";
    if (d.secret) {
      // The CPE never reports a secret's value: set it when ours changed since the last set.
      const secretHash = hashSecret(d.value);
      if (known.secretHashes[d.path] !== secretHash)
        plan.sets.push({ path: d.path, value: d.value, type, secret: true, secretHash });
      continue;
    }
    if (
      needsRead(known, d.path, e) ||
      (e !== undefined && e.v === undefined && !known.alreadyRead.has(d.path))
    ) {
      plan.reads.push(d.path);
      continue;
    }
    if (e?.v === undefined || e.v !== normaliseValue(d.value, type))
      plan.sets.push({ path: d.path, value: d.value, type, secret: false });
  }
  for (const a of desire.attributes) {
    const e = known.entry(a.path);
    if (e?.n === undefined) {
      if (!known.alreadyRead.has(`${a.path}#attributes`)) plan.attributeReads.push(a.path);
      else plan.attributes.push(a); // the device did not say: set it
      continue;
    }
    // The access list is not in the document: it travels with the notification when that differs.
    if (e.n !== a.notification) plan.attributes.push(a);
  }
  for (const obj of desire.objects) planObject(obj, known, plan, desire.objectSecrets);
  return plan;
}

/** Instances of a table keyed by one parameter: instance number -> values the document has. */
function instancesOf(table: string, known: KnownState): Map<string, Map<string, string | undefined>> {
  const found = new Map<string, Map<string, string | undefined>>();
  for (const path of known.paths()) {
    if (!path.startsWith(table)) continue;
    const rest = path.slice(table.length);
    const dot = rest.indexOf(".");
    if (dot <= 0) continue;
    const instance = rest.slice(0, dot);
    const name = rest.slice(dot + 1);
    if (!/^\d+$/.test(instance) || name.includes(".")) continue;
    let values = found.get(instance);
    if (!values) found.set(instance, (values = new Map<string, string | undefined>()));
    if (name !== "") values.set(name, known.entry(path)?.v);
  }
  return found;
}

type Table = Pick<ProfileObject, "path" | "key" | "exact"> & {
  instances: { values: Record<string, string>; children?: ChildObject[] }[];
};

/** An instance path as a pattern: "Device.BulkData.Profile.3.HTTP.Password" -> "...Profile.{i}.HTTP.Password". */
const instancePattern = (path: string) => path.replace(/\.\d+(?=\.)/g, ".{i}");

function planObject(obj: Table, known: KnownState, plan: Plan, secrets: ReadonlySet<string>): void {
  const instances = instancesOf(obj.path, known);
  const tableKnown = known.entry(obj.path) !== undefined || instances.size > 0;
  if (!known.alreadyRead.has(obj.path) && (!tableKnown || staleTable(obj.path, known))) {
    plan.reads.push(obj.path);
    return;
  }
  // Instances this profile created in the current attempt are its own, whatever key they show (the
  // device's default until our values are set): they take the listed instances no other one matches.
  const created = new Set(known.created.get(obj.path) ?? []);
  const byKey = new Map<string, string>();
  for (const [n, values] of instances) {
    const key = values.get(obj.key);
    if (!created.has(n) && key !== undefined && !byKey.has(key)) byKey.set(key, n);
  }
  const fresh = [...created].filter((n) => instances.has(n));
  const assigned = new Set<string>();
  for (const inst of obj.instances) {
    const key = inst.values[obj.key] ?? "";
    const n = byKey.get(key) ?? fresh.shift();
    if (n === undefined) {
      plan.adds.push({ table: obj.path, values: inst.values });
      continue;
    }
    assigned.add(n);
    for (const [name, value] of Object.entries(inst.values)) {
      const path = `${obj.path}${n}.${name}`;
      plan.owned.push(path);
      const e = known.entry(path);
      const type = e?.t ?? known.typeOf(path) ?? "string";
      if (secrets.has(instancePattern(path))) {
        // The CPE never reports it: set when ours changed since the last set.
        const secretHash = hashSecret(value);
        if (known.secretHashes[path] !== secretHash)
          plan.sets.push({ path, value, type, secret: true, secretHash });
        continue;
      }
      if (e?.v === undefined || e.v !== normaliseValue(value, type))
        plan.sets.push({ path, value, type, secret: false });
    }
    // Tables inside the instance (one level); a new instance gets them once it exists.
    for (const child of inst.children ?? [])
      planObject({ ...child, path: `${obj.path}${n}.${child.path}` }, known, plan, secrets);
  }
  if (obj.exact) {
    // Everything not matched to a listed instance: other keys, duplicates of a key, keyless leftovers.
    for (const n of instances.keys()) if (!assigned.has(n)) plan.deletes.push(`${obj.path}${n}.`);
  }
}

function staleTable(table: string, known: KnownState): boolean {
  const e = known.entry(table);
  if (e) return e.ts < known.staleBefore;
  for (const path of known.paths()) {
    if (path.startsWith(table)) {
      const entry = known.entry(path);
      if (entry && entry.ts < known.staleBefore) return true;
    }
  }
  return false;
}

export const planIsEmpty = (p: Plan) =>
  p.reads.length +
    p.attributeReads.length +
    p.sets.length +
    p.attributes.length +
    p.adds.length +
    p.deletes.length ===
  0;

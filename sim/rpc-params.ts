// Parameter RPCs on a simulated device, following TR-069 A.3.2: Get/SetParameterValues,
// GetParameterNames, Get/SetParameterAttributes. Handlers throw RpcFault; rpc.ts turns it into a Fault.
import type {
  ParameterAttribute,
  ParameterInfo,
  ParameterValue,
  SetParameterAttributesStruct,
  SetParameterValuesFaultEntry,
} from "../server/cwmp/soap/types";
import { lookupObject, validateValue } from "../server/datamodel/index";
import type { SimDevice } from "./device";
import { applySetEffects } from "./effects";
import type { SimParam } from "./param-tree";
import { RpcFault, spvFault } from "./rpc-faults";

/** Parameters named by a full path or a partial path ending in "." ("" = everything). */
function resolveNames(device: SimDevice, name: string): Array<[string, SimParam]> {
  const tree = device.tree;
  if (name === "" || name.endsWith(".")) {
    if (name !== "" && !tree.objects.has(name)) throw new RpcFault(9005, `${name} does not exist`);
    return [...tree.params].filter(([path]) => path.startsWith(name));
  }
  const p = tree.params.get(name);
  if (!p) throw new RpcFault(9005, `${name} does not exist`);
  return [[name, p]];
}

export function getParameterValues(device: SimDevice, names: string[]): ParameterValue[] {
  const out: ParameterValue[] = [];
  for (const name of names) {
    for (const [path, p] of resolveNames(device, name)) {
      // hidden (passwords) and command parameters read back empty
      const value = p.facts.h || p.facts.c ? "" : (device.tree.get(path) ?? "");
      out.push({ name: path, value, type: p.type });
    }
  }
  return out;
}

/** An object node is writable when instances can be added to it (table) or it can be deleted (instance). */
function objectWritable(path: string): boolean {
  const obj = lookupObject(path);
  return obj?.facts.w === 1 && obj.facts.m === 1;
}

function parentOf(path: string): string {
  const trimmed = path.endsWith(".") ? path.slice(0, -1) : path;
  return trimmed.slice(0, trimmed.lastIndexOf(".") + 1);
}

export function getParameterNames(device: SimDevice, path: string, nextLevel: boolean): ParameterInfo[] {
  const tree = device.tree;
  if (path === "" && nextLevel) return [{ name: device.root, writable: false }];
  if (path !== "" && !path.endsWith(".")) {
    const p = tree.params.get(path);
    if (!p) throw new RpcFault(9005, `${path} does not exist`);
    if (nextLevel) throw new RpcFault(9003, "NextLevel true on a parameter");
    return [{ name: path, writable: p.writable }];
  }
  if (path !== "" && !tree.objects.has(path)) throw new RpcFault(9005, `${path} does not exist`);
  const out: ParameterInfo[] = [];
  for (const o of tree.objects) {
    if (!o.startsWith(path)) continue;
    if (nextLevel ? parentOf(o) === path : true) out.push({ name: o, writable: objectWritable(o) });
  }
  for (const [name, p] of tree.params) {
    if (!name.startsWith(path)) continue;
    if (nextLevel ? parentOf(name) === path : true) out.push({ name, writable: p.writable });
  }
  return out;
}

function typeCompatible(wire: string, actual: string): boolean {
  // ACSes often send every value as xsd:string; a different non-string type is a real mismatch.
  return wire === actual || wire === "string" || wire === "";
}

const canonical = (p: SimParam, value: string): string =>
  p.type === "boolean" ? String(value === "1" || value === "true") : value;

/** Atomic: every item is checked first; any fault rejects the whole request with 9003. */
export function setParameterValues(device: SimDevice, list: ParameterValue[], parameterKey: string): number {
  const faults: SetParameterValuesFaultEntry[] = [];
  const seen = new Set<string>();
  for (const item of list) {
    const p = device.tree.params.get(item.name);
    if (!p) faults.push(spvFault(item.name, 9005));
    else if (!p.writable) faults.push(spvFault(item.name, 9008));
    else if (!typeCompatible(item.type, p.type)) faults.push(spvFault(item.name, 9006, `expected ${p.type}`));
    else if (seen.has(item.name)) faults.push(spvFault(item.name, 9003, "set twice"));
    else {
      const v = validateValue(p.facts, item.value, { write: true });
      if (!v.ok) faults.push(spvFault(item.name, v.faultCode, v.message));
    }
    seen.add(item.name);
  }
  if (faults.length > 0) throw new RpcFault(9003, undefined, faults);
  // Effects that depend on a transition (AudienceStats.Enable false -> true) need the value before.
  const before = new Map<string, string>();
  for (const item of list) {
    const p = device.tree.params.get(item.name)!;
    before.set(item.name, p.value);
    // Changes made by the ACS are not notified back to it (TR-069 A.3.2.4), so no onChange.
    p.value = canonical(p, item.value);
  }
  device.tree.params.get(`${device.root}ManagementServer.ParameterKey`)!.value = parameterKey;
  for (const item of list)
    applySetEffects(device, item.name, device.tree.get(item.name) ?? "", before.get(item.name) ?? "");
  return 0;
}

export function getParameterAttributes(device: SimDevice, names: string[]): ParameterAttribute[] {
  return names.flatMap((name) =>
    resolveNames(device, name).map(([path, p]) => ({
      name: path,
      notification: p.notification,
      accessList: [...p.accessList],
    })),
  );
}

export function setParameterAttributes(device: SimDevice, list: SetParameterAttributesStruct[]): void {
  const planned: Array<[SimParam, SetParameterAttributesStruct]> = [];
  for (const s of list) {
    for (const [path, p] of resolveNames(device, s.name)) {
      if (s.notificationChange) {
        if (s.notification < 0 || s.notification > 6)
          throw new RpcFault(9003, `notification ${s.notification}`);
        // Lightweight (UDP) notification is not implemented; forced-active parameters stay active;
        // values computed on every read (UpTime) cannot be actively notified.
        if (s.notification > 2) throw new RpcFault(9009, `${path}: lightweight notification not supported`);
        if (p.facts.an === "fe" && s.notification !== 2) throw new RpcFault(9009, `${path} is always active`);
        if (s.notification === 2 && device.tree.dynamic.has(path))
          throw new RpcFault(9009, `${path} changes constantly`);
      }
      planned.push([p, s]);
    }
  }
  for (const [p, s] of planned) {
    if (s.notificationChange) p.notification = s.notification;
    if (s.accessListChange) p.accessList = [...s.accessList];
  }
}

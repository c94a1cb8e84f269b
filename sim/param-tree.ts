// A simulated device's parameter tree: concrete paths with value, wire type, writability and
// attributes, plus the object/table structure needed by GetParameterNames and Add/DeleteObject.
// Types and access come from the generated data model facts, so every value a simulated device
// reports is one the ACS can validate.
import {
  lookupObject,
  lookupParameter,
  objectPatterns,
  validateValue,
  type ParamFacts,
} from "../server/datamodel/index";
import type { XsdType } from "../server/cwmp/soap/types";

export interface SimParam {
  value: string;
  type: XsdType;
  writable: boolean;
  notification: number;
  accessList: string[];
  facts: ParamFacts;
}

export type ChangeListener = (path: string, param: SimParam, oldValue: string) => void;

function xsdTypeOf(facts: ParamFacts): XsdType {
  return facts.t === "decimal" ? "string" : facts.t;
}

/** A value that satisfies the facts when the model gives no default. */
function defaultValue(facts: ParamFacts): string {
  const v = plainDefault(facts);
  if (validateValue(facts, v).ok) return v;
  if (facts.d === "UUID") return "00000000-0000-4000-8000-000000000000";
  return "0".repeat(facts.ml ?? 0);
}

function plainDefault(facts: ParamFacts): string {
  if (facts.df !== undefined && validateValue(facts, facts.df).ok) return facts.df;
  if (facts.L) return "";
  if (facts.e?.[0] !== undefined) return facts.e[0];
  const min = facts.r?.[0]?.[0];
  switch (facts.t) {
    case "boolean":
      return "false";
    case "dateTime":
      return "0001-01-01T00:00:00Z";
    case "int":
    case "long":
    case "unsignedInt":
    case "unsignedLong":
    case "decimal":
      return String(min ?? 0);
    default:
      return "";
  }
}

export class ParamTree {
  readonly params = new Map<string, SimParam>();
  /** concrete object paths ending with "." (tables such as "Device.Hosts.Host." included) */
  readonly objects = new Set<string>();
  /** values computed at read time (UpTime, CurrentLocalTime) */
  readonly dynamic = new Map<string, () => string>();
  onChange: ChangeListener | null = null;

  constructor(readonly root: string) {
    this.objects.add(root);
  }

  /** Add a parameter; throws when the path is unknown to the data model or the value invalid. */
  add(path: string, value: string | number | boolean): SimParam {
    const hit = lookupParameter(path);
    if (!hit) throw new Error(`sim: ${path} is not in the data model`);
    const text = String(value);
    const v = validateValue(hit.facts, text);
    if (!v.ok) throw new Error(`sim: ${path}="${text}": ${v.message}`);
    this.ensureObject(path.slice(0, path.lastIndexOf(".") + 1));
    const param: SimParam = {
      value: text,
      type: xsdTypeOf(hit.facts),
      writable: hit.facts.w !== undefined,
      notification: hit.facts.an === "fe" || hit.facts.an === "fd" ? 2 : 0,
      accessList: [],
      facts: hit.facts,
    };
    this.params.set(path, param);
    return param;
  }

  /**
   * Add several parameters of one object. With `all`, every parameter the model defines for the
   * object is added (model defaults) and `values` override some.
   */
  fill(obj: string, values: Record<string, string | number | boolean>, all = false): void {
    if (all) {
      const facts = lookupObject(obj)?.facts;
      if (!facts) throw new Error(`sim: ${obj} is not in the data model`);
      for (const [name, f] of Object.entries(facts.p)) {
        if (!(name in values) && !f.st) this.add(obj + name, defaultValue(f));
      }
    }
    for (const [name, v] of Object.entries(values)) this.add(obj + name, v);
    this.ensureObject(obj);
  }

  /** Register an object path and its ancestors; instance paths also register their table. */
  ensureObject(path: string): void {
    if (this.objects.has(path) || !path.startsWith(this.root)) return;
    const segs = path.slice(0, -1).split(".");
    for (let i = 1; i <= segs.length; i++) this.objects.add(`${segs.slice(0, i).join(".")}.`);
  }

  get(path: string): string | undefined {
    const dyn = this.dynamic.get(path);
    if (dyn) return dyn();
    return this.params.get(path)?.value;
  }

  /** Change a value from inside the device (evolution, diagnostics); fires onChange when different. */
  set(path: string, value: string | number | boolean): void {
    const p = this.params.get(path);
    if (!p) return;
    const text = String(value);
    if (p.value === text) return;
    const old = p.value;
    p.value = text;
    this.onChange?.(path, p, old);
  }

  /** A deep copy of the values (facts shared): a device's past can be evolved without touching it. */
  clone(): ParamTree {
    const t = new ParamTree(this.root);
    for (const [k, p] of this.params) t.params.set(k, { ...p, accessList: [...p.accessList] });
    for (const o of this.objects) t.objects.add(o);
    for (const [k, f] of this.dynamic) t.dynamic.set(k, f);
    return t;
  }

  /** Instance numbers present under a table path ("X.Host."). */
  instances(table: string): number[] {
    const out = new Set<number>();
    for (const o of this.objects) {
      if (!o.startsWith(table)) continue;
      const seg = o.slice(table.length).split(".")[0];
      if (seg && /^\d+$/.test(seg)) out.add(Number(seg));
    }
    return [...out].sort((a, b) => a - b);
  }

  /** Create a new instance of a table with the model's defaults; returns its number. */
  addInstance(table: string, wanted?: number): number {
    const obj = lookupObject(table);
    if (!obj || !obj.facts.m) throw new Error(`sim: ${table} is not a table`);
    const existing = this.instances(table);
    const n = wanted ?? (existing.length ? Math.max(...existing) + 1 : 1);
    const instPath = `${table}${n}.`;
    this.ensureObject(instPath);
    // The instance's own parameters, plus single-instance sub-objects (Total., Stats. ...).
    const prefix = obj.pattern;
    for (const pattern of objectPatterns()) {
      if (!pattern.startsWith(prefix)) continue;
      const rest = pattern.slice(prefix.length);
      // A table inside the instance (BulkData Profile.{i}.Parameter.{i}.) exists empty: a GetParameterValues
      // of "Parameter." answers with nothing, not 9005.
      const table = /^([^{}]+\.)\{i\}\.$/.exec(rest);
      if (table) this.ensureObject(instPath + table[1]);
      if (rest.includes("{i}")) continue;
      const sub = lookupObject(pattern);
      if (!sub) continue;
      const concrete = instPath + rest;
      this.ensureObject(concrete);
      for (const [name, facts] of Object.entries(sub.facts.p)) {
        if (!this.params.has(concrete + name)) this.add(concrete + name, defaultValue(facts));
      }
    }
    this.refreshCount(table);
    return n;
  }

  deleteInstance(instPath: string): boolean {
    if (!this.objects.has(instPath)) return false;
    for (const o of [...this.objects]) if (o.startsWith(instPath)) this.objects.delete(o);
    for (const p of [...this.params.keys()]) if (p.startsWith(instPath)) this.params.delete(p);
    const table = instPath.replace(/\d+\.$/, "");
    this.refreshCount(table);
    return true;
  }

  /** Keep <Table>NumberOfEntries in the parent object in step with the instances. */
  refreshCount(table: string): void {
    const ne = lookupObject(table)?.facts.ne;
    if (!ne) return;
    const parent = table.slice(0, table.slice(0, -1).lastIndexOf(".") + 1);
    const path = parent + ne;
    if (this.params.has(path)) this.set(path, this.instances(table).length);
  }

  /** Set every NumberOfEntries parameter from the instances present (after building a tree). */
  refreshAllCounts(): void {
    for (const o of this.objects) {
      if (!/\.\d+\.$/.test(o)) continue;
      this.refreshCount(o.replace(/\d+\.$/, ""));
    }
  }
}

// Does a profile apply to a device? Evaluated in memory on every session (the hot path: no query when
// the device's columns already decide it) and, for previews and counts, over candidate devices the
// database narrowed down by the indexed columns (./matching.ts). One implementation for both, so the
// count the console shows is the set the engine acts on.
import type { Precondition } from "../../lib/profiles/definition";
import { inVersionRange } from "./version-order";

/** The device facts a precondition reads; parameter values only when a condition names them. */
export interface DeviceFacts {
  kind: string;
  rootObject: string;
  oui: string;
  productClass: string;
  modelName: string;
  softwareVersion: string;
  tags: readonly string[];
}

/** value and type of a parameter as the document stores it; undefined when the device has not reported it. */
export type ParameterReader = (path: string) => { v?: string; t?: string } | undefined;

const NUMERIC_TYPES = new Set(["int", "unsignedInt", "long", "unsignedLong", "double", "decimal", "float"]);
const NUMBER = /^[+-]?\d{1,100}(\.\d{1,100})?$/;

const within = (list: readonly string[], value: string) => list.length === 0 || list.includes(value);

/** The column conditions alone (no parameter values needed). */
export function matchesColumns(p: Precondition, d: DeviceFacts): boolean {
  return (
    within(p.kinds, d.kind) &&
    within(p.roots, d.rootObject) &&
    within(p.ouis, d.oui) &&
    within(p.productClasses, d.productClass) &&
    within(p.models, d.modelName) &&
    inVersionRange(d.softwareVersion, p.softwareVersion) &&
    p.tags.every((t) => d.tags.includes(t))
  );
}

/**
 * The same semantics as the device search's parameter filter (server/devices/search-sql.ts): ≠ needs
 * the parameter reported; < and > compare numbers for numeric types and text otherwise; contains is
 * case-insensitive.
 */
export function matchesParameter(cond: Precondition["parameters"][number], read: ParameterReader): boolean {
  const entry = read(cond.path);
  if (cond.op === "exists") return entry !== undefined;
  const v = entry?.v;
  if (v === undefined) return false;
  switch (cond.op) {
    case "eq":
      return v === cond.value;
    case "ne":
      return v !== cond.value;
    case "contains":
      return v.toLowerCase().includes(cond.value.toLowerCase());
    case "lt":
    case "gt": {
      const sign = cond.op === "lt" ? -1 : 1;
      const target = cond.value.trim();
      if (NUMBER.test(target) && entry?.t && NUMERIC_TYPES.has(entry.t)) {
        if (!NUMBER.test(v)) return false;
        return compareDecimals(v, target) === sign;
      }
      return Math.sign(v < cond.value ? -1 : v > cond.value ? 1 : 0) === sign;
    }
  }
}

export function matches(p: Precondition, d: DeviceFacts, read: ParameterReader): boolean {
  return matchesColumns(p, d) && p.parameters.every((c) => matchesParameter(c, read));
}

/** Exact comparison of two plain decimals (what ::numeric does in the search), no float rounding. */
export function compareDecimals(a: string, b: string): -1 | 0 | 1 {
  const parse = (s: string) => {
    const neg = s.startsWith("-");
    const [int = "", frac = ""] = s.replace(/^[+-]/, "").split(".");
    return { neg, int: int.replace(/^0+/, ""), frac: frac.replace(/0+$/, "") };
  };
  const x = parse(a);
  const y = parse(b);
  const zero = (n: typeof x) => n.int === "" && n.frac === "";
  if (zero(x) && zero(y)) return 0;
  const xs = zero(x) ? 0 : x.neg ? -1 : 1;
  const ys = zero(y) ? 0 : y.neg ? -1 : 1;
  if (xs !== ys) return xs < ys ? -1 : 1;
  let c: number;
  if (x.int.length !== y.int.length) c = x.int.length < y.int.length ? -1 : 1;
  else if (x.int !== y.int) c = x.int < y.int ? -1 : 1;
  else {
    const len = Math.max(x.frac.length, y.frac.length);
    const xf = x.frac.padEnd(len, "0");
    const yf = y.frac.padEnd(len, "0");
    c = xf === yf ? 0 : xf < yf ? -1 : 1;
  }
  return (xs < 0 ? -c : c) as -1 | 0 | 1;
}

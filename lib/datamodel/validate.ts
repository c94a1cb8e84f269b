// Value checks against parameter facts, with the CWMP fault a CPE would return:
// 9006 (Invalid parameter type) when the text is not of the parameter's type at all,
// 9007 (Invalid parameter value) when it is, but breaks a range, length, enumeration or pattern.
import { MAX_PATTERN_INPUT, patternHazard } from "./pattern-safety";
import type { BaseType, ParamFacts } from "./types";

export type Validation = { ok: true } | { ok: false; faultCode: 9006 | 9007; message: string };

export interface ValidateOptions {
  /** Checking a value to be written: enumeration values marked readOnly (e.g. "Complete") are refused. */
  write?: boolean;
}

const OK: Validation = { ok: true };
const typeFault = (message: string): Validation => ({ ok: false, faultCode: 9006, message });
const valueFault = (message: string): Validation => ({ ok: false, faultCode: 9007, message });

const INT_LIMITS: Partial<Record<BaseType, [bigint, bigint]>> = {
  int: [-(2n ** 31n), 2n ** 31n - 1n],
  unsignedInt: [0n, 2n ** 32n - 1n],
  long: [-(2n ** 63n), 2n ** 63n - 1n],
  unsignedLong: [0n, 2n ** 64n - 1n],
};

const DATE_TIME = /^(-?\d{4,})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;
const patternCache = new Map<string, RegExp | null>();

function compilePattern(p: string): RegExp | null {
  let re = patternCache.get(p);
  if (re === undefined) {
    try {
      // A pattern that could backtrack catastrophically (imported before imports refused them) is not
      // run at all: an unenforced pattern is better than a frozen process.
      re = patternHazard(p) ? null : new RegExp(`^(?:${p})$`, "u");
    } catch {
      re = null; // an XML Schema construct JS does not know (\i, \c ...): not enforced
    }
    patternCache.set(p, re);
  }
  return re;
}

function checkRanges(facts: ParamFacts, n: number): Validation {
  if (!facts.r || facts.r.length === 0) return OK;
  for (const [min, max, step] of facts.r) {
    if ((min === null || n >= min) && (max === null || n <= max)) {
      if (step === undefined || (n - (min ?? 0)) % step === 0) return OK;
    }
  }
  const shown = facts.r.map(([a, b]) => `[${a ?? ""}:${b ?? ""}]`).join(" or ");
  return valueFault(`${n} outside ${shown}`);
}

function byteLength(facts: ParamFacts, value: string): number {
  if (facts.t === "hexBinary") return value.length / 2;
  if (facts.t === "base64") return Buffer.from(value, "base64").length;
  return [...value].length;
}

function checkScalar(facts: ParamFacts, value: string, opts: ValidateOptions): Validation {
  const t = facts.t;
  const limits = INT_LIMITS[t];
  if (limits) {
    if (!/^[-+]?\d+$/.test(value)) return typeFault(`"${value}" is not an ${t}`);
    const n = BigInt(value);
    if (n < limits[0] || n > limits[1]) return valueFault(`${value} out of ${t} range`);
    return checkRanges(facts, Number(n));
  }
  switch (t) {
    case "boolean":
      return /^(0|1|true|false)$/.test(value) ? OK : typeFault(`"${value}" is not a boolean`);
    case "decimal":
      if (!/^[-+]?(\d+(\.\d*)?|\.\d+)$/.test(value)) return typeFault(`"${value}" is not a decimal`);
      return checkRanges(facts, Number(value));
    case "dateTime": {
      const m = DATE_TIME.exec(value);
      if (!m) return typeFault(`"${value}" is not an ISO 8601 dateTime`);
      const [mo, d, h, mi, s] = [m[2], m[3], m[4], m[5], m[6]].map(Number) as [
        number,
        number,
        number,
        number,
        number,
      ];
      if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 24 || mi > 59 || s > 60) {
        return valueFault(`"${value}" is not a valid date/time`);
      }
      return OK;
    }
    case "hexBinary":
      if (!/^([0-9A-Fa-f]{2})*$/.test(value)) return typeFault(`"${value}" is not hexBinary`);
      break;
    case "base64": {
      const compact = value.replace(/\s+/g, "");
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 !== 0) {
        return typeFault("value is not base64");
      }
      break;
    }
    default:
      break;
  }
  // string-like types: length, enumeration, pattern
  if (facts.l !== undefined && byteLength(facts, value) > facts.l) {
    return valueFault(`longer than ${facts.l}`);
  }
  if (facts.ml !== undefined && byteLength(facts, value) < facts.ml) {
    return valueFault(`shorter than ${facts.ml}`);
  }
  if (facts.e) {
    if (!facts.e.includes(value)) return valueFault(`"${value}" not one of ${facts.e.join("|")}`);
    if (opts.write && facts.ero?.includes(value)) return valueFault(`"${value}" may not be written`);
  }
  if (facts.pt && facts.pt.length > 0) {
    const compiled = facts.pt.map(compilePattern);
    // Even a safe pattern may be polynomial in the value's length; the bound keeps one check short.
    if (compiled.every((re) => re !== null) && value.length > MAX_PATTERN_INPUT) {
      return valueFault(`longer than ${MAX_PATTERN_INPUT} characters, the most a pattern is checked on`);
    }
    if (compiled.every((re) => re !== null) && !compiled.some((re) => re.test(value))) {
      return valueFault(`"${value}" does not match the required pattern`);
    }
  }
  return OK;
}

/** Split a CWMP list value (comma-separated, optional white space around items). */
export function splitList(value: string): string[] {
  if (value.trim() === "") return [];
  return value.split(",").map((s) => s.trim());
}

export function validateValue(facts: ParamFacts, value: string, opts: ValidateOptions = {}): Validation {
  if (!facts.L) return checkScalar(facts, value, opts);
  const [minItems, maxItems, maxLength] = facts.L;
  if (maxLength !== null && value.length > maxLength) return valueFault(`list longer than ${maxLength}`);
  const items = splitList(value);
  if (minItems !== null && items.length < minItems) return valueFault(`fewer than ${minItems} items`);
  if (maxItems !== null && items.length > maxItems) return valueFault(`more than ${maxItems} items`);
  for (const item of items) {
    const r = checkScalar(facts, item, opts);
    if (!r.ok) return { ...r, message: `list item: ${r.message}` };
  }
  return OK;
}

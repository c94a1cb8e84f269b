// BulkData report content as a TR-181 CPE produces it (Device.BulkData.Profile.{i}, TR-069 Annex N):
// collection of the parameters a profile references (a partial path = every parameter below it,
// Exclude removes, Name renames), and the JSON (ObjectHierarchy / NameValuePair) and CSV
// (ParameterPerRow / ParameterPerColumn) encodings with their timestamp options.
import type { ParamTree } from "../param-tree";

export interface ReportValue {
  name: string;
  value: string;
  /** the xsd type name the model gives the parameter */
  type: string;
}

export interface CollectedReport {
  /** ms since the epoch */
  at: number;
  values: ReportValue[];
}

/** Collect the referenced values now (hidden parameters such as passwords are reported empty). */
export function collectReport(tree: ParamTree, profile: string, at: number): CollectedReport {
  const table = `${profile}Parameter.`;
  const included = new Map<string, string>();
  const excluded = new Set<string>();
  for (const n of tree.instances(table)) {
    const ref = tree.get(`${table}${n}.Reference`) ?? "";
    const alias = tree.get(`${table}${n}.Name`) ?? "";
    const exclude = tree.get(`${table}${n}.Exclude`) === "true";
    if (!ref) continue;
    for (const path of expand(tree, ref)) {
      if (exclude) excluded.add(path);
      else if (!included.has(path)) included.set(path, reportName(ref, alias, path));
    }
  }
  const values: ReportValue[] = [];
  for (const [path, name] of included) {
    if (excluded.has(path)) continue;
    const p = tree.params.get(path);
    if (!p) continue;
    values.push({ name, value: p.facts.h ? "" : (tree.get(path) ?? ""), type: p.type });
  }
  return { at, values };
}

function expand(tree: ParamTree, ref: string): string[] {
  if (!ref.endsWith(".")) return tree.params.has(ref) ? [ref] : [];
  const out: string[] = [];
  for (const path of tree.params.keys()) if (path.startsWith(ref)) out.push(path);
  return out;
}

/** Annex N.3.1: Name replaces the referenced path (its partial-path prefix for an object). */
function reportName(ref: string, alias: string, path: string): string {
  if (!alias) return path;
  if (!ref.endsWith(".")) return alias;
  return (alias.endsWith(".") ? alias : `${alias}.`) + path.slice(ref.length);
}

export type Timestamp = "Unix-Epoch" | "ISO-8601" | "None";

const iso = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");

// TR-181 2.17 describes Unix-Epoch as milliseconds since 1970 (JSONEncoding/CSVEncoding text).
function stamp(at: number, format: string): number | string | undefined {
  if (format === "None") return undefined;
  if (format === "ISO-8601") return iso(at);
  return Math.floor(at);
}

function jsonValue(v: ReportValue): string | number | boolean {
  if (v.type === "boolean") return v.value === "true" || v.value === "1";
  if (/^(unsigned)?(int|long)$/i.test(v.type) && /^-?\d+$/.test(v.value)) {
    const n = Number(v.value);
    if (Number.isSafeInteger(n)) return n;
  }
  return v.value;
}

export function encodeJson(reports: CollectedReport[], format: string, timestamp: string): string {
  const body = reports.map((r) => {
    const out: Record<string, unknown> = {};
    const t = stamp(r.at, timestamp);
    if (t !== undefined) out.CollectionTime = t;
    for (const v of r.values) {
      if (format === "NameValuePair") {
        out[v.name] = jsonValue(v);
        continue;
      }
      const segs = v.name.split(".");
      let node = out;
      for (const seg of segs.slice(0, -1)) {
        const next = node[seg];
        if (typeof next === "object" && next !== null) node = next as Record<string, unknown>;
        else node = node[seg] = {};
      }
      node[segs[segs.length - 1]!] = jsonValue(v);
    }
    return out;
  });
  return JSON.stringify({ Report: body });
}

export interface CsvOptions {
  fieldSeparator: string;
  rowSeparator: string;
  escapeCharacter: string;
  reportFormat: string;
  rowTimestamp: string;
}

/** Separator values as an ACS writes them: "&#10;" style references, or the literal characters. */
export function decodeSeparator(raw: string, fallback: string): string {
  const s = raw.replace(/&#(\d+);/g, (_, d: string) => String.fromCharCode(Number(d)));
  return s === "" || s === " " ? fallback : s;
}

export function encodeCsv(reports: CollectedReport[], o: CsvOptions): string {
  const fs = decodeSeparator(o.fieldSeparator, ",");
  const rs = decodeSeparator(o.rowSeparator, "\n");
  const esc = o.escapeCharacter === "" ? '"' : o.escapeCharacter;
  const field = (v: string | number): string => {
    const s = String(v);
    if (!s.includes(fs) && !s.includes(rs) && !s.includes(esc) && !/[\r\n]/.test(s)) return s;
    return esc + s.split(esc).join(esc + esc) + esc;
  };
  const withTime = o.rowTimestamp !== "None";
  const rows: string[] = [];
  if (o.reportFormat === "ParameterPerRow") {
    rows.push(
      [...(withTime ? ["ReportTimestamp"] : []), "ParameterName", "ParameterValue", "ParameterType"].join(fs),
    );
    for (const r of reports) {
      const t = stamp(r.at, o.rowTimestamp);
      for (const v of r.values) {
        rows.push([...(withTime ? [field(t!)] : []), field(v.name), field(v.value), field(v.type)].join(fs));
      }
    }
  } else {
    // One column per parameter: the union over the reports, in first-seen order.
    const seen = new Set<string>();
    for (const r of reports) for (const v of r.values) seen.add(v.name);
    const names = [...seen];
    rows.push([...(withTime ? ["ReportTimestamp"] : []), ...names.map(field)].join(fs));
    for (const r of reports) {
      const byName = new Map(r.values.map((v) => [v.name, v.value]));
      const t = stamp(r.at, o.rowTimestamp);
      rows.push([...(withTime ? [field(t!)] : []), ...names.map((n) => field(byName.get(n) ?? ""))].join(fs));
    }
  }
  return rows.join(rs) + rs;
}

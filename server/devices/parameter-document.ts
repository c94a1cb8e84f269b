// The per-device parameter document: { "<path>": { v, t, w, n, ts } } stored as one JSONB value.
// Object paths (ending in ".") appear as entries too, learnt from GetParameterNames / AddObject.
import type { ParameterAttribute, ParameterInfo, ParameterValue } from "../cwmp/soap/types";

export interface ParameterEntry {
  /** value as sent on the wire */
  v?: string;
  /** xsd type */
  t?: string;
  /** writable (from GetParameterNames) */
  w?: boolean;
  /** notification attribute 0..6 (from Get/SetParameterAttributes) */
  n?: number;
  /** when this entry was last read or written, epoch ms */
  ts: number;
}

export type ParameterDocument = Record<string, ParameterEntry>;

export function toDocument(values: readonly ParameterValue[], ts: number): ParameterDocument {
  const doc: ParameterDocument = {};
  for (const p of values) doc[p.name] = { v: p.value, t: p.type, ts };
  return doc;
}

export function namesToDocument(infos: readonly ParameterInfo[], ts: number): ParameterDocument {
  const doc: ParameterDocument = {};
  for (const p of infos) doc[p.name] = { w: p.writable, ts };
  return doc;
}

export function attributesToDocument(attrs: readonly ParameterAttribute[], ts: number): ParameterDocument {
  const doc: ParameterDocument = {};
  for (const a of attrs) doc[a.name] = { n: a.notification, ts };
  return doc;
}

export function valuesOf(doc: ParameterDocument): Map<string, string> {
  const map = new Map<string, string>();
  for (const [path, entry] of Object.entries(doc)) if (entry.v !== undefined) map.set(path, entry.v);
  return map;
}

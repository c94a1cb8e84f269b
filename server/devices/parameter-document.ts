// The per-device parameter document: { "<path>": { v, t, w, n, ts } } stored as one JSONB value.
// Object paths (ending in ".") appear as entries too, learnt from GetParameterNames / AddObject, but
// never with a value: a CPE that reports an object as a value is ignored for that entry.
import type { ParameterAttribute, ParameterInfo, ParameterValue, XsdType } from "../cwmp/soap/types";
import { isSecretParameter } from "../datamodel/secret-parameters";

export interface ParameterEntry {
  /** value, normalised by type (booleans "true"/"false", integers in canonical decimal form) */
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

const INTEGER_RANGES: Partial<Record<XsdType, readonly [bigint, bigint]>> = {
  int: [-(2n ** 31n), 2n ** 31n - 1n],
  unsignedInt: [0n, 2n ** 32n - 1n],
  long: [-(2n ** 63n), 2n ** 63n - 1n],
  unsignedLong: [0n, 2n ** 64n - 1n],
};

/**
 * One stored form per value, so searches and comparisons see "true" whether the CPE sent 1, TRUE or
 * " true". A value that does not fit its type (not a number, out of range, a boolean spelt "yes") is
 * kept exactly as sent: the document records what the device said, and nothing here can fail.
 */
export function normaliseValue(value: string, type: string): string {
  if (type === "boolean") {
    const v = value.trim().toLowerCase();
    if (v === "1" || v === "true") return "true";
    if (v === "0" || v === "false") return "false";
    return value;
  }
  const range = INTEGER_RANGES[type as XsdType];
  if (range) {
    const v = value.trim();
    // Digits only (bounded length, so BigInt never sees a huge input); BigInt drops leading zeros.
    if (!/^[+-]?\d{1,40}$/.test(v)) return value;
    const n = BigInt(v);
    return n >= range[0] && n <= range[1] ? n.toString() : value;
  }
  return value;
}

/**
 * Values as the document keeps them. A secret (a Wi-Fi key a CPE reports in its Inform) is recorded as
 * present, with its type, but its value is never stored: what is not stored cannot leak.
 */
export function toDocument(values: readonly ParameterValue[], ts: number): ParameterDocument {
  const doc: ParameterDocument = {};
  for (const p of values) {
    if (p.name.endsWith(".")) continue;
    doc[p.name] = isSecretParameter(p.name)
      ? { t: p.type, ts }
      : { v: normaliseValue(p.value, p.type), t: p.type, ts };
  }
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

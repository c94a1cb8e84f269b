// Checks an operator's edit against the data model before anything is queued: the CPE would answer
// 9006/9007/9008 anyway, but only after a connection request and a session; refusing here is instant
// and keeps faulty SetParameterValues out of the task queue.
import "server-only";
import { lookupParameter, validateValue, type BaseType, type ParamFacts } from "../datamodel";
import { XSD_TYPES, type XsdType } from "../cwmp/soap/types";
import type { ParameterEntry } from "./parameter-document";

const KNOWN_XSD_TYPES = new Set<string>(XSD_TYPES);

export type EditCheck =
  | { ok: true; type: XsdType; facts: ParamFacts }
  | { ok: false; faultCode: 9006 | 9007 | 9008; message: string };

/**
 * Facts for a path: the standard model's when known; for a vendor path, only the xsd type the CPE
 * reported in the document (unknown types are checked as strings).
 */
export function factsFor(path: string, entry: ParameterEntry | undefined): ParamFacts | undefined {
  const known = lookupParameter(path)?.facts;
  if (known) return known;
  if (!entry) return undefined;
  const t = entry.t && KNOWN_XSD_TYPES.has(entry.t) ? (entry.t as BaseType) : "string";
  return { t, ...(entry.w ? { w: 1 as const } : {}) };
}

/** The xsd type to send: the CPE's own (from the document) first, else the model's base type. */
function wireType(facts: ParamFacts, entry: ParameterEntry | undefined): XsdType {
  if (entry?.t && KNOWN_XSD_TYPES.has(entry.t)) return entry.t as XsdType;
  return facts.t === "decimal" ? "string" : facts.t;
}

export function checkEdit(path: string, value: string, entry: ParameterEntry | undefined): EditCheck {
  if (path.endsWith(".")) return { ok: false, faultCode: 9007, message: "objects have no value" };
  const facts = factsFor(path, entry);
  if (!facts) return { ok: false, faultCode: 9007, message: `${path} is not known on this device` };
  // The CPE's GetParameterNames answer is authoritative; the model decides only when it is missing.
  const writable = entry?.w ?? facts.w === 1;
  if (!writable) return { ok: false, faultCode: 9008, message: `${path} is read-only` };
  const result = validateValue(facts, value, { write: true });
  if (!result.ok) return result;
  return { ok: true, type: wireType(facts, entry), facts };
}

// Tolerant readers over the XML tree. CWMP children are unqualified, but CPEs qualify them, case
// them oddly, omit them or pad them with whitespace; these helpers absorb all of that so each RPC
// parser stays a flat list of field reads.
import type { XmlElement } from "../xml";
import { XSI_1999_NS, XSI_NS } from "./namespaces";
import type { XsdType } from "./types";

/** First child with this local name (exact first, then case-insensitive), whatever its namespace. */
export function child(el: XmlElement, local: string): XmlElement | undefined {
  const kids = el.children;
  for (let i = 0; i < kids.length; i++) {
    const k = kids[i];
    if (k !== undefined && k.local === local) return k;
  }
  const lower = local.toLowerCase();
  for (let i = 0; i < kids.length; i++) {
    const k = kids[i];
    if (k !== undefined && k.local.toLowerCase() === lower) return k;
  }
  return undefined;
}

/** Text of a child as sent (values, keys and times keep their whitespace), "" when missing. */
export function str(el: XmlElement, local: string): string {
  return child(el, local)?.text ?? "";
}

/** Text of a child with surrounding whitespace removed (names, paths, tokens). */
export function token(el: XmlElement, local: string): string {
  return (child(el, local)?.text ?? "").trim();
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

/** Lenient integer: surrounding whitespace, sign and leading zeros allowed; anything else gives `fallback`. */
export function parseIntLoose(text: string, fallback = 0): number {
  let i = 0;
  let end = text.length;
  while (i < end && isSpace(text.charCodeAt(i))) i++;
  while (end > i && isSpace(text.charCodeAt(end - 1))) end--;
  if (i === end) return fallback;
  let negative = false;
  const first = text.charCodeAt(i);
  if (first === 0x2d || first === 0x2b) {
    negative = first === 0x2d;
    i++;
    if (i === end) return fallback;
  }
  let n = 0;
  for (; i < end; i++) {
    const d = text.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) return fallback;
    n = n * 10 + d;
  }
  if (!Number.isSafeInteger(n)) return fallback;
  return negative ? -n : n;
}

export function int(el: XmlElement, local: string, fallback = 0): number {
  const c = child(el, local);
  return c === undefined ? fallback : parseIntLoose(c.text, fallback);
}

/** xsd:boolean as CPEs send it: 1/0/true/false in any case, padded; anything else is false. */
export function parseBool(text: string): boolean {
  const t = text.trim().toLowerCase();
  return t === "1" || t === "true";
}

export function bool(el: XmlElement, local: string): boolean {
  const c = child(el, local);
  return c === undefined ? false : parseBool(c.text);
}

/** Element children of an array/struct container (array counts in arrayType are ignored). */
export function items(el: XmlElement | undefined): XmlElement[] {
  return el === undefined ? [] : el.children;
}

/** Texts of an xsd:string array such as ParameterNames or MethodList, trimmed. */
export function tokens(el: XmlElement | undefined): string[] {
  return items(el).map((k) => k.text.trim());
}

const XSD_TYPES: Readonly<Record<string, XsdType>> = {
  string: "string",
  int: "int",
  unsignedint: "unsignedInt",
  long: "long",
  unsignedlong: "unsignedLong",
  boolean: "boolean",
  datetime: "dateTime",
  base64: "base64",
  base64binary: "base64",
  hexbinary: "hexBinary",
};

/**
 * Local part of an element's xsi:type (either XMLSchema-instance namespace, else any attribute whose
 * local name is "type", e.g. the `xsd:type="xsi:string"` some agents write), trimmed.
 */
// Built once: a key concatenated per call is a new string V8 must flatten and look up before each
// read, and this runs for every Value of every answer.
const XSI_TYPE = `{${XSI_NS}}type`;
const XSI_1999_TYPE = `{${XSI_1999_NS}}type`;

export function typeAttr(el: XmlElement): string | undefined {
  const a = el.attrs;
  const raw = a[XSI_TYPE] ?? a[XSI_1999_TYPE] ?? a.type;
  if (raw === undefined) return undefined;
  const colon = raw.indexOf(":");
  return (colon < 0 ? raw : raw.slice(colon + 1)).trim();
}

/** Type of a Value element, judged by the local part of its type only; missing or unknown is "string". */
export function xsdTypeOf(value: XmlElement): XsdType {
  const local = typeAttr(value)?.toLowerCase();
  if (local === undefined || !Object.prototype.hasOwnProperty.call(XSD_TYPES, local)) return "string";
  return XSD_TYPES[local] ?? "string";
}

/** Breadth-first search below `el` (not `el` itself) for an element with this local name. */
export function findDescendant(el: XmlElement, local: string): XmlElement | undefined {
  const queue: XmlElement[] = [...el.children];
  for (let i = 0; i < queue.length; i++) {
    const k = queue[i];
    if (k === undefined) continue;
    if (k.local === local) return k;
    for (const g of k.children) queue.push(g);
  }
  return undefined;
}

// The SyncML element tree both encodings share, and its conversions:
//
//   fromXmlElement(XmlElement) -> DmElement       toXmlString(DmElement) -> string (no declaration)
//   fromWbxmlElement(WbxmlElement) -> DmElement   toWbxmlElement(DmElement) -> WbxmlElement
//
// A DmElement is either a container (children) or a leaf (text, or binary for OPAQUE content that is
// not UTF-8). Conversions throw SyncmlError("malformed") on mixed content; the depth is already
// bounded by the XML / WBXML readers (64), so recursion here is bounded too.
// Opaque content follows libwbxml 0.11 (checked with wbxml2xml in the tests): MetInf NextNonce is
// binary in WBXML and base64 text in XML; other OPAQUE is text when it is valid UTF-8 (libwbxml
// writes Item Data as OPAQUE), binary otherwise; we write a base64 NextNonce back as OPAQUE bytes.
// XML attributes other than namespace declarations are ignored (SyncML defines none).
import type { XmlElement } from "../../cwmp/xml";
import { DMDDF_NAMESPACE, METINF_NAMESPACE, SYNCML12, SYNCML_NAMESPACE, type WbxmlElement } from "../wbxml";
import { encodeNested, holdsNestedDocument, nestedDocument, retypeNestedItem } from "./nested";
import { SyncmlError } from "./syncml-error";

export interface DmElement {
  /** Local name, e.g. "LocURI". */
  name: string;
  /** Namespace: SYNCML_NAMESPACE, METINF_NAMESPACE or whatever a foreign element declared. */
  ns: string;
  children: DmElement[];
  /** Character content of a leaf ("" for containers and binary leaves). */
  text: string;
  /** Binary content of a leaf (WBXML OPAQUE that is not UTF-8 text). */
  binary?: Uint8Array;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });
const METINF_TAGS = new Set(SYNCML12.pages.get(1)?.tags.values());
const SYNCML_TAGS = new Set(SYNCML12.pages.get(0)?.tags.values());

/**
 * Elements in no namespace, or in a SyncML namespace spelled in another case, are read as SyncML or
 * MetInf by name (MetInf names inside Meta/Chal): some stacks omit xmlns='syncml:metinf'.
 */
function canonicalNs(ns: string, name: string, parent: DmElement | undefined): string {
  const lower = ns.toLowerCase();
  if (lower === METINF_NAMESPACE) return METINF_NAMESPACE;
  if (lower === SYNCML_NAMESPACE.toLowerCase()) return SYNCML_NAMESPACE;
  if (ns !== "") return ns;
  if (name === "MgmtTree" || parent?.ns === DMDDF_NAMESPACE) return DMDDF_NAMESPACE;
  if (METINF_TAGS.has(name) && (parent?.name === "Meta" || parent?.ns === METINF_NAMESPACE))
    return METINF_NAMESPACE;
  if (SYNCML_TAGS.has(name)) return SYNCML_NAMESPACE;
  return ns;
}

export function fromXmlElement(el: XmlElement, parent?: DmElement): DmElement {
  const out: DmElement = { name: el.local, ns: canonicalNs(el.ns, el.local, parent), children: [], text: "" };
  if (el.children.length === 0) {
    out.text = el.text;
    return out;
  }
  if (el.text.trim() !== "") throw new SyncmlError("malformed", `<${el.local}> mixes text and elements`);
  for (const child of el.children) out.children.push(fromXmlElement(child, out));
  return out;
}

export function fromWbxmlElement(el: WbxmlElement): DmElement {
  const out: DmElement = { name: el.name, ns: el.namespace, children: [], text: "" };
  const parts: (string | Uint8Array)[] = [];
  for (const child of el.children) {
    if (child.kind === "element") out.children.push(fromWbxmlElement(child));
    else parts.push(child.kind === "text" ? child.value : child.bytes);
  }
  if (out.children.length > 0) {
    if (parts.some((p) => typeof p !== "string" || p.trim() !== "")) {
      throw new SyncmlError("malformed", `<${el.name}> mixes content and elements`);
    }
    if (el.name === "Item") retypeNestedItem(out, "+wbxml", "+xml");
    return out;
  }
  const only = parts.length === 1 ? parts[0] : undefined;
  const nested = el.name === "Data" && only instanceof Uint8Array ? nestedDocument(only) : undefined;
  if (nested !== undefined) {
    out.children.push(fromWbxmlElement(nested));
    return out;
  }
  if (parts.every((p) => typeof p === "string")) {
    out.text = parts.join("");
    return out;
  }
  const bytes = Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p, "utf8") : p)));
  if (el.name === "NextNonce" && el.namespace === METINF_NAMESPACE) out.text = bytes.toString("base64");
  else {
    try {
      out.text = utf8.decode(bytes);
    } catch {
      out.binary = new Uint8Array(bytes);
    }
  }
  return out;
}

// In WBXML a nonce is its raw bytes (the reverse of the decoding above); text that is not canonical
// base64 stays text so nothing is lost.
function nonceBytes(text: string): Uint8Array | undefined {
  if (text === "") return undefined;
  const bytes = Buffer.from(text, "base64");
  return bytes.toString("base64") === text ? new Uint8Array(bytes) : undefined;
}

export function toWbxmlElement(el: DmElement): WbxmlElement {
  if (el.name === "Data" && holdsNestedDocument(el)) {
    const nested = encodeNested(toWbxmlElement(el.children[0]!));
    return {
      kind: "element",
      name: el.name,
      namespace: el.ns,
      children: [{ kind: "opaque", bytes: nested }],
    };
  }
  if (el.name === "Item" && el.children.some((c) => c.name === "Data" && holdsNestedDocument(c))) {
    const copy = structuredClone(el);
    retypeNestedItem(copy, "+xml", "+wbxml");
    el = copy;
  }
  const children: WbxmlElement["children"] = el.children.map(toWbxmlElement);
  const nonce = el.name === "NextNonce" && el.ns === METINF_NAMESPACE ? nonceBytes(el.text) : undefined;
  if (nonce !== undefined) children.push({ kind: "opaque", bytes: nonce });
  else if (el.binary !== undefined) children.push({ kind: "opaque", bytes: el.binary });
  else if (el.text !== "") children.push({ kind: "text", value: el.text });
  return { kind: "element", name: el.name, namespace: el.ns, children };
}

// Characters XML 1.0 cannot carry, even as references: refused rather than written unreadable.
/* eslint-disable no-control-regex -- these control characters are exactly what is refused */
const NOT_XML =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/* eslint-enable no-control-regex */

const escapes: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;" };
const escapeText = (s: string): string => s.replace(/[&<>\r]/g, (c) => escapes[c] ?? c);
const escapeAttr = (s: string): string => escapeText(s).replace(/"/g, "&quot;");

/**
 * Compact XML (no declaration, no indentation: whitespace would become part of leaf values). A child
 * declares its namespace when it differs from its parent's; binary leaves are written as base64 (XML
 * cannot carry raw bytes; the session layer marks such items Format b64).
 */
export function toXmlString(root: DmElement): string {
  const out: string[] = [];
  const write = (el: DmElement, parentNs: string | undefined): void => {
    const xmlns = el.ns !== parentNs && el.ns !== "" ? ` xmlns="${escapeAttr(el.ns)}"` : "";
    if (NOT_XML.test(el.text))
      throw new SyncmlError("unencodable", `<${el.name}> holds a character XML cannot carry`);
    const text = el.binary !== undefined ? Buffer.from(el.binary).toString("base64") : escapeText(el.text);
    if (el.children.length === 0 && text === "") {
      out.push(`<${el.name}${xmlns}/>`);
      return;
    }
    out.push(`<${el.name}${xmlns}>`, text);
    for (const child of el.children) write(child, el.ns);
    out.push(`</${el.name}>`);
  };
  write(root, undefined);
  return out.join("");
}

// Hardened bytes -> tree. Built on saxes (strict, non-validating, never expands entities beyond the
// five predefined ones and numeric references). The tree is built with an explicit stack, so a deep
// document cannot exhaust the call stack; every limit is enforced while parsing and stops it at once
// (handlers throw straight out of saxes' write()).
import { SaxesParser, type SaxesTagNS } from "saxes";
import { DEFAULT_XML_LIMITS, XmlError, type XmlLimits } from "./xml-error";

export interface XmlElement {
  /** Qualified name as written, e.g. "cwmp:Inform". */
  name: string;
  /** Local part, e.g. "Inform". */
  local: string;
  /** Resolved namespace URI, "" when the element is in no namespace. */
  ns: string;
  /**
   * Attributes by qualified name as written ("xsi:type", "xmlns:cwmp"), by Clark name for prefixed
   * ones ("{http://www.w3.org/2001/XMLSchema-instance}type"), and by local name ("type"; the first
   * attribute with that local name wins, namespace declarations excluded). Null prototype, so keys
   * like "constructor" are never inherited. Elements without attributes share one frozen empty
   * record: treat the tree as read-only.
   */
  attrs: Record<string, string>;
  children: XmlElement[];
  /** Character data directly inside this element (text and CDATA), entity-decoded. */
  text: string;
}

// Prefixes some CPEs use without declaring them. Resolving them (only when unbound) keeps such
// envelopes readable; a document's own declarations always take precedence.
const UNDECLARED_PREFIXES: Readonly<Record<string, string>> = {
  "soap-env": "http://schemas.xmlsoap.org/soap/envelope/",
  "SOAP-ENV": "http://schemas.xmlsoap.org/soap/envelope/",
  soapenv: "http://schemas.xmlsoap.org/soap/envelope/",
  soap: "http://schemas.xmlsoap.org/soap/envelope/",
  "soap-enc": "http://schemas.xmlsoap.org/soap/encoding/",
  "SOAP-ENC": "http://schemas.xmlsoap.org/soap/encoding/",
  soapenc: "http://schemas.xmlsoap.org/soap/encoding/",
  xsd: "http://www.w3.org/2001/XMLSchema",
  xsi: "http://www.w3.org/2001/XMLSchema-instance",
};

const resolveUndeclared = (prefix: string): string | undefined =>
  Object.prototype.hasOwnProperty.call(UNDECLARED_PREFIXES, prefix) ? UNDECLARED_PREFIXES[prefix] : undefined;

const utf8 = new TextDecoder("utf-8", { fatal: true });
// WHATWG "latin1" is windows-1252, a superset of ISO-8859-1 for printable text; old CPE agents
// that declare ISO-8859-1 send nothing else.
const singleByte = new TextDecoder("latin1");
const SINGLE_BYTE_CHARSETS = new Set([
  "iso-8859-1",
  "iso8859-1",
  "latin1",
  "us-ascii",
  "ascii",
  "windows-1252",
]);

function declaredCharset(bytes: Uint8Array): string | undefined {
  // Only look at an XML declaration at the very start; one small regex per document.
  if (bytes[0] !== 0x3c || bytes[1] !== 0x3f) return undefined;
  const head = singleByte.decode(bytes.subarray(0, 200));
  const end = head.indexOf("?>");
  if (end < 0) return undefined;
  const m = /encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head.slice(0, end));
  return m?.[1]?.toLowerCase();
}

function decode(bytes: Uint8Array, maxBytes: number): string {
  if (bytes.byteLength > maxBytes) {
    throw new XmlError("size", `document of ${bytes.byteLength} bytes exceeds the limit of ${maxBytes}`);
  }
  const charset = declaredCharset(bytes);
  if (charset !== undefined && SINGLE_BYTE_CHARSETS.has(charset)) return singleByte.decode(bytes);
  try {
    return utf8.decode(bytes); // strips a UTF-8 BOM
  } catch (cause) {
    throw new XmlError("encoding", "document is not valid UTF-8", { cause });
  }
}

function checkStringSize(input: string, maxBytes: number): string {
  // UTF-8 needs at least one byte per UTF-16 unit and at most three, so only measure when unsure.
  if (input.length > maxBytes) {
    throw new XmlError("size", `document of at least ${input.length} bytes exceeds the limit of ${maxBytes}`);
  }
  if (input.length * 3 > maxBytes) {
    const bytes = Buffer.byteLength(input, "utf8");
    if (bytes > maxBytes) {
      throw new XmlError("size", `document of ${bytes} bytes exceeds the limit of ${maxBytes}`);
    }
  }
  return input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
}

// Most CWMP elements carry no attributes; they share one frozen empty record instead of allocating.
const NO_ATTRS: Record<string, string> = Object.freeze(Object.create(null) as Record<string, string>);

function toElement(tag: SaxesTagNS): XmlElement {
  const source = tag.attributes;
  let attrs: Record<string, string> = NO_ATTRS;
  for (const key in source) {
    if (attrs === NO_ATTRS) attrs = Object.create(null) as Record<string, string>;
    const at = source[key];
    if (at === undefined) continue;
    attrs[at.name] = at.value;
    if (at.prefix === "" || at.prefix === "xmlns") continue;
    attrs[`{${at.uri}}${at.local}`] = at.value;
    if (!(at.local in attrs)) attrs[at.local] = at.value;
  }
  return { name: tag.name, local: tag.local, ns: tag.uri, attrs, children: [], text: "" };
}

/** Parse one XML document into a tree, enforcing `limits`. Throws XmlError on anything unsafe or invalid. */
export function parseXml(input: string | Uint8Array, limits?: Partial<XmlLimits>): XmlElement {
  const maxBytes = limits?.maxBytes ?? DEFAULT_XML_LIMITS.maxBytes;
  const maxDepth = limits?.maxDepth ?? DEFAULT_XML_LIMITS.maxDepth;
  const maxElements = limits?.maxElements ?? DEFAULT_XML_LIMITS.maxElements;
  const text = typeof input === "string" ? checkStringSize(input, maxBytes) : decode(input, maxBytes);

  const parser = new SaxesParser({ xmlns: true, position: false, resolvePrefix: resolveUndeclared });
  const stack: XmlElement[] = [];
  let current: XmlElement | undefined;
  let root: XmlElement | undefined;
  let count = 0;

  parser.on("doctype", () => {
    throw new XmlError("doctype", "DOCTYPE declarations are not accepted");
  });
  parser.on("processinginstruction", (pi) => {
    throw new XmlError("pi", `processing instruction <?${pi.target}?> is not accepted`);
  });
  parser.on("opentag", (tag) => {
    if (++count > maxElements) throw new XmlError("elements", `more than ${maxElements} elements`);
    if (stack.length >= maxDepth) throw new XmlError("depth", `nesting deeper than ${maxDepth}`);
    const el = toElement(tag);
    if (current === undefined) root = el;
    else current.children.push(el);
    stack.push(el);
    current = el;
  });
  parser.on("closetag", () => {
    stack.pop();
    current = stack[stack.length - 1];
  });
  const onText = (data: string): void => {
    if (current !== undefined) current.text += data;
  };
  parser.on("text", onText);
  parser.on("cdata", onText);

  try {
    parser.write(text).close();
  } catch (err) {
    if (err instanceof XmlError) throw err;
    const message = err instanceof Error ? err.message : String(err);
    throw new XmlError("malformed", `malformed XML: ${message}`, { cause: err });
  }
  if (root === undefined) throw new XmlError("malformed", "document has no root element");
  return root;
}

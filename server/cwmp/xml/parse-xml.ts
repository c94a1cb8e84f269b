// Hardened bytes -> tree. Built on saxes (strict, non-validating, never expands entities beyond the
// five predefined ones and numeric references). The tree is built with an explicit stack, so a deep
// document cannot exhaust the call stack; every limit is enforced while parsing and stops it at once
// (handlers throw straight out of saxes' write()).
//
// Most documents never reach saxes: fastParseXml (fast-parse.ts) reads the ordinary ones a CPE sends
// several times faster and gives up on anything it is not certain about, which saxes then reads (or
// refuses) exactly as before.
import { SaxesParser, type SaxesTagNS } from "saxes";
import { NO_ATTRS, resolveUndeclared, type XmlElement } from "./element";
import { fastParseXml } from "./fast-parse";
import { DEFAULT_XML_LIMITS, XmlError, type XmlLimits } from "./xml-error";

export type { XmlElement } from "./element";

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
  return fastParseXml(text, maxDepth, maxElements) ?? parseXmlWithSaxes(text, maxDepth, maxElements);
}

/**
 * The reference reader: saxes, strict and namespace-aware. parseXml uses it for whatever the fast
 * path declines; exported for the tests that hold the two to the same output.
 */
export function parseXmlWithSaxes(text: string, maxDepth: number, maxElements: number): XmlElement {
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

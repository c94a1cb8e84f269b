// WBXML bytes -> WbxmlDocument (WAP-192-WBXML / OMA-WAP-WBXML 1.1-1.3).
//
//   decodeWbxml(bytes, { languages?, fallback?, limits? }) -> Result<WbxmlDocument, WbxmlError>
//
// Never throws: malformed, truncated or oversized input gives a WbxmlError value. The tree is built
// with an explicit stack (no recursion), every length and index from the input is checked against
// the bytes that remain before it is used, and size, depth, element count, string-table size and
// mb_u_int32 width are limited (DEFAULT_WBXML_LIMITS). The language comes from the public id
// (numeric, or a string-table reference to the formal public identifier); public id 1 ("unknown")
// uses `fallback` (SyncML 1.2 by default). Attribute lists are refused (SyncML defines no attribute
// code page, so such a document is not SyncML); processing instructions are skipped; EXT_* tokens
// are refused; LITERAL tags become elements with namespace "".
import { SYNCML12, type WbxmlLanguage } from "./code-pages";
import { WbxmlReader } from "./reader";
import * as T from "./tokens";
import type { WbxmlDocument, WbxmlElement } from "./types";
import { DEFAULT_WBXML_LIMITS, WbxmlError, type Result, type WbxmlLimits } from "./wbxml-error";

export interface DecodeOptions {
  languages?: readonly WbxmlLanguage[];
  /** Language for public id 1 ("unknown"); SyncML 1.2 by default, null to refuse such documents. */
  fallback?: WbxmlLanguage | null;
  limits?: Partial<WbxmlLimits>;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });
const latin1 = new TextDecoder("latin1");
const SINGLE_BYTE = new Set([3, 4]); // US-ASCII, ISO-8859-1

interface Context {
  reader: WbxmlReader;
  table: Uint8Array;
  charset: number;
  language: WbxmlLanguage;
  limits: WbxmlLimits;
  elements: number;
}

export function decodeWbxml(
  bytes: Uint8Array,
  options: DecodeOptions = {},
): Result<WbxmlDocument, WbxmlError> {
  try {
    return { ok: true, value: decodeOrThrow(bytes, options) };
  } catch (err) {
    if (err instanceof WbxmlError) return { ok: false, error: err };
    const message = err instanceof Error ? err.message : String(err);
    return { ok: false, error: new WbxmlError("malformed", `malformed WBXML: ${message}`, { cause: err }) };
  }
}

function decodeOrThrow(bytes: Uint8Array, options: DecodeOptions): WbxmlDocument {
  const limits: WbxmlLimits = { ...DEFAULT_WBXML_LIMITS, ...options.limits };
  if (bytes.length > limits.maxBytes) {
    throw new WbxmlError("size", `document of ${bytes.length} bytes exceeds the limit of ${limits.maxBytes}`);
  }
  const reader = new WbxmlReader(bytes);
  const version = reader.u8("the version");
  if (!(T.WBXML_VERSIONS as readonly number[]).includes(version)) {
    throw new WbxmlError("version", `unsupported WBXML version byte 0x${version.toString(16)}`);
  }
  let publicId: number | string = reader.mbUint32("the public id");
  const publicIdIndex = publicId === 0 ? reader.mbUint32("the public id index") : undefined;
  // WBXML 1.0 has no charset field; its strings are UTF-8 in practice.
  const charset = version === 0x00 ? T.CHARSET_UTF8 : reader.mbUint32("the charset");
  if (charset !== T.CHARSET_UTF8 && charset !== 0 && !SINGLE_BYTE.has(charset)) {
    throw new WbxmlError("charset", `unsupported charset MIBenum ${charset}`);
  }
  const tableLength = reader.mbUint32("the string table length");
  if (tableLength > limits.maxStringTable) {
    throw new WbxmlError(
      "string-table",
      `string table of ${tableLength} bytes exceeds ${limits.maxStringTable}`,
    );
  }
  const table = reader.take(tableLength, "the string table");
  const partial = { reader, table, charset, limits, elements: 0 };
  if (publicIdIndex !== undefined) publicId = tableString(partial, publicIdIndex);
  const ctx: Context = { ...partial, language: pickLanguage(publicId, options) };
  skipPis(ctx);
  const root = readBody(ctx);
  skipPis(ctx);
  if (!reader.atEnd()) throw new WbxmlError("malformed", `${reader.remaining} bytes after the root element`);
  return { version, publicId, charset, language: ctx.language, root };
}

function pickLanguage(publicId: number | string, options: DecodeOptions): WbxmlLanguage {
  const languages = options.languages ?? [SYNCML12];
  const found = languages.find((l) =>
    typeof publicId === "number"
      ? l.publicId === publicId && publicId !== T.PUBLIC_ID_UNKNOWN
      : l.publicIdText === publicId.trim(),
  );
  if (found !== undefined) return found;
  const fallback = options.fallback === undefined ? SYNCML12 : options.fallback;
  if (publicId === T.PUBLIC_ID_UNKNOWN && fallback !== null) return fallback;
  const shown = typeof publicId === "number" ? `0x${publicId.toString(16)}` : JSON.stringify(publicId);
  throw new WbxmlError("public-id", `no code pages for public id ${shown}`);
}

function decodeString(ctx: Pick<Context, "charset">, bytes: Uint8Array): string {
  if (SINGLE_BYTE.has(ctx.charset)) return latin1.decode(bytes);
  try {
    return utf8.decode(bytes);
  } catch (cause) {
    throw new WbxmlError("charset", "string is not valid UTF-8", { cause });
  }
}

function tableString(ctx: Pick<Context, "table" | "charset">, index: number): string {
  if (index >= ctx.table.length) {
    throw new WbxmlError(
      "string-table",
      `string table reference ${index} outside a table of ${ctx.table.length}`,
    );
  }
  const end = ctx.table.indexOf(0, index);
  if (end < 0) throw new WbxmlError("string-table", `string table entry at ${index} has no terminating NUL`);
  return decodeString(ctx, ctx.table.subarray(index, end));
}

// Processing instructions: PI attrStart *attrValue END. Nothing in SyncML uses them; skip safely.
function skipPis(ctx: Context): void {
  while (ctx.reader.peek() === T.PI) {
    ctx.reader.u8("PI");
    skipAttributeTokens(ctx);
  }
}

function skipAttributeTokens(ctx: Context): void {
  const r = ctx.reader;
  for (;;) {
    const t = r.u8("an attribute token");
    if (t === T.END) return;
    if (t === T.SWITCH_PAGE) r.u8("a code page");
    else if (t === T.STR_I || (t >= T.EXT_I_0 && t <= T.EXT_I_2)) r.termstr("an inline string");
    else if (t === T.STR_T || t === T.LITERAL || t === T.ENTITY || (t >= T.EXT_T_0 && t <= T.EXT_T_2)) {
      r.mbUint32("an attribute index");
    } else if (t === T.OPAQUE) r.take(r.mbUint32("an opaque length"), "opaque data");
    // any other byte is a one-byte attribute start or value token
  }
}

interface Open {
  element: WbxmlElement;
}

function startElement(ctx: Context, token: number, page: number, depth: number): WbxmlElement {
  if (++ctx.elements > ctx.limits.maxElements) {
    throw new WbxmlError("elements", `more than ${ctx.limits.maxElements} elements`);
  }
  if (depth > ctx.limits.maxDepth)
    throw new WbxmlError("depth", `nesting deeper than ${ctx.limits.maxDepth}`);
  if ((token & T.TAG_HAS_ATTRIBUTES) !== 0) {
    throw new WbxmlError("attributes", "element with attributes: SyncML defines no attribute code page");
  }
  const id = token & T.TAG_ID_MASK;
  if (id === T.LITERAL) {
    const name = tableString(ctx, ctx.reader.mbUint32("a literal tag index"));
    return { kind: "element", name, namespace: "", children: [] };
  }
  const codePage = ctx.language.pages.get(page);
  if (codePage === undefined) throw new WbxmlError("token", `unknown code page ${page}`);
  const name = codePage.tags.get(id);
  if (name === undefined) {
    throw new WbxmlError("token", `unknown tag 0x${id.toString(16)} on code page ${page}`);
  }
  return { kind: "element", name, namespace: codePage.namespace, children: [] };
}

function isTagStart(t: number): boolean {
  return (t & T.TAG_ID_MASK) >= T.FIRST_TAG_ID || (t & T.TAG_ID_MASK) === T.LITERAL;
}

function appendText(el: WbxmlElement, value: string): void {
  const last = el.children[el.children.length - 1];
  if (last?.kind === "text") last.value += value;
  else el.children.push({ kind: "text", value });
}

function readBody(ctx: Context): WbxmlElement {
  const r = ctx.reader;
  let page = 0;
  let t = r.u8("the root element");
  while (t === T.SWITCH_PAGE) {
    page = r.u8("a code page");
    t = r.u8("the root element");
  }
  if (!isTagStart(t))
    throw new WbxmlError("malformed", `expected the root element, found token 0x${t.toString(16)}`);
  const root = startElement(ctx, t, page, 1);
  if ((t & T.TAG_HAS_CONTENT) === 0) return root;
  const stack: Open[] = [{ element: root }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!.element;
    t = r.u8("element content or END");
    if (t === T.END) stack.pop();
    else if (t === T.SWITCH_PAGE) page = r.u8("a code page");
    else if (t === T.STR_I) appendText(top, decodeString(ctx, r.termstr("an inline string")));
    else if (t === T.STR_T) appendText(top, tableString(ctx, r.mbUint32("a string table index")));
    else if (t === T.ENTITY) appendText(top, entity(r.mbUint32("an entity")));
    else if (t === T.OPAQUE) {
      // A copy: the tree must not pin or alias the request buffer.
      const bytes = new Uint8Array(r.take(r.mbUint32("an opaque length"), "opaque data"));
      top.children.push({ kind: "opaque", bytes });
    } else if (t === T.PI) skipAttributeTokens(ctx);
    else if ((t & T.TAG_ID_MASK) <= 0x02 && t >= T.EXT_I_0) {
      throw new WbxmlError("extension", `extension token 0x${t.toString(16)}: SyncML defines none`);
    } else if (isTagStart(t)) {
      const child = startElement(ctx, t, page, stack.length + 1);
      top.children.push(child);
      if ((t & T.TAG_HAS_CONTENT) !== 0) stack.push({ element: child });
    } else throw new WbxmlError("token", `unexpected token 0x${t.toString(16)} in content`);
  }
  return root;
}

function entity(code: number): string {
  if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
    throw new WbxmlError("malformed", `entity ${code} is not a Unicode scalar value`);
  }
  return String.fromCodePoint(code);
}

// WbxmlDocument tree -> WBXML bytes.
//
//   encodeWbxml(root, { language?, version?, literalPublicId?, stringTable? }) -> Result<Uint8Array, WbxmlError>
//
// Writes the header (version, public id as mb_u_int32 or as a string-table reference, charset 106
// UTF-8, string table), then the body: tags from the language's code pages with SWITCH_PAGE when the
// page changes, text as STR_I (or STR_T for strings that repeat, as libwbxml does), opaque content as
// OPAQUE, tags no page defines as LITERAL. The output is what Debian's wbxml2xml reads back (tests).
// Never throws: a tree it cannot express (a NUL in text, a tag name that is empty) is an error value.
import { SYNCML12, type WbxmlLanguage } from "./code-pages";
import * as T from "./tokens";
import type { WbxmlContent, WbxmlElement } from "./types";
import { WbxmlError, type Result } from "./wbxml-error";

export interface EncodeOptions {
  language?: WbxmlLanguage;
  /** Version byte, 0x03 (WBXML 1.3) by default; 0x02 for 1.2. */
  version?: 0x01 | 0x02 | 0x03;
  /** Name the language by its formal public identifier in the string table instead of its number. */
  literalPublicId?: boolean;
  /** Put strings that occur more than once into the string table (default true). */
  stringTable?: boolean;
}

const encoder = new TextEncoder();

// A plain Uint8Array (not a Buffer, which may be a view into Node's shared pool).
function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
// Short strings cost more as a table reference (token + index) than inline.
const MIN_TABLE_STRING = 4;

class StringTable {
  private readonly offsets = new Map<string, number>();
  private readonly parts: Uint8Array[] = [];
  private size = 0;

  add(value: string): number {
    const known = this.offsets.get(value);
    if (known !== undefined) return known;
    const offset = this.size;
    const bytes = encoder.encode(value);
    this.parts.push(bytes, new Uint8Array([0]));
    this.size += bytes.length + 1;
    this.offsets.set(value, offset);
    return offset;
  }

  bytes(): Uint8Array {
    return concat(this.parts);
  }
}

function checkText(value: string): void {
  if (value.includes("\u0000")) throw new WbxmlError("unencodable", "text contains a NUL character");
}

function repeatedStrings(root: WbxmlElement): Set<string> {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  const stack: WbxmlContent[] = [root];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (node.kind === "element") for (const c of node.children) stack.push(c);
    else if (node.kind === "text" && encoder.encode(node.value).length >= MIN_TABLE_STRING) {
      if (seen.has(node.value)) repeated.add(node.value);
      seen.add(node.value);
    }
  }
  return repeated;
}

export function encodeWbxml(root: WbxmlElement, options: EncodeOptions = {}): Result<Uint8Array, WbxmlError> {
  try {
    return { ok: true, value: encodeOrThrow(root, options) };
  } catch (err) {
    if (err instanceof WbxmlError) return { ok: false, error: err };
    const message = err instanceof Error ? err.message : String(err);
    return { ok: false, error: new WbxmlError("unencodable", `cannot encode: ${message}`, { cause: err }) };
  }
}

function encodeOrThrow(root: WbxmlElement, options: EncodeOptions): Uint8Array {
  const language = options.language ?? SYNCML12;
  const table = new StringTable();
  const publicIdRef = options.literalPublicId ? table.add(language.publicIdText) : undefined;
  const shared = options.stringTable === false ? new Set<string>() : repeatedStrings(root);
  const body: number[] = [];
  const chunks: Uint8Array[] = [];
  const flush = (): void => {
    if (body.length > 0) chunks.push(Uint8Array.from(body.splice(0)));
  };
  let page = 0;
  const lookup = reverseIndex(language);
  // Explicit stack: either an element to open or the END of one already opened.
  const work: (WbxmlContent | "end")[] = [root];
  for (let item = work.pop(); item !== undefined; item = work.pop()) {
    if (item === "end") body.push(T.END);
    else if (item.kind === "text") {
      checkText(item.value);
      if (shared.has(item.value)) body.push(T.STR_T, ...T.encodeMbUint32(table.add(item.value)));
      else {
        body.push(T.STR_I);
        flush();
        chunks.push(encoder.encode(item.value));
        body.push(0);
      }
    } else if (item.kind === "opaque") {
      body.push(T.OPAQUE, ...T.encodeMbUint32(item.bytes.length));
      flush();
      chunks.push(item.bytes);
    } else {
      const content = item.children.length > 0 ? T.TAG_HAS_CONTENT : 0;
      const tag = lookup.get(`${item.namespace}\u0000${item.name}`);
      if (tag === undefined) {
        if (item.name === "") throw new WbxmlError("unencodable", "element without a name");
        body.push(T.LITERAL | content, ...T.encodeMbUint32(table.add(item.name)));
      } else {
        if (tag.page !== page) body.push(T.SWITCH_PAGE, (page = tag.page));
        body.push(tag.token | content);
      }
      if (content !== 0) {
        work.push("end");
        for (let i = item.children.length - 1; i >= 0; i--) work.push(item.children[i]!);
      }
    }
  }
  flush();
  const tableBytes = table.bytes();
  const header: number[] = [options.version ?? 0x03];
  if (publicIdRef === undefined) header.push(...T.encodeMbUint32(language.publicId));
  else header.push(0, ...T.encodeMbUint32(publicIdRef));
  header.push(...T.encodeMbUint32(T.CHARSET_UTF8), ...T.encodeMbUint32(tableBytes.length));
  return concat([Uint8Array.from(header), tableBytes, ...chunks]);
}

const reverseIndexes = new WeakMap<WbxmlLanguage, Map<string, { page: number; token: number }>>();

function reverseIndex(language: WbxmlLanguage): Map<string, { page: number; token: number }> {
  let index = reverseIndexes.get(language);
  if (index === undefined) {
    index = new Map();
    for (const [pageNo, codePage] of language.pages) {
      for (const [token, name] of codePage.tags)
        index.set(`${codePage.namespace}\u0000${name}`, { page: pageNo, token });
    }
    reverseIndexes.set(language, index);
  }
  return index;
}

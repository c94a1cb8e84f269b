// Errors and limits of the WBXML codec. Every failure of the decoder is a WbxmlError with a short,
// machine-friendly reason, so the transport can map it (e.g. "size" to HTTP 413) without matching
// on message text; the public entry points return them as values and never throw.

export type WbxmlErrorReason =
  | "size" // input larger than maxBytes
  | "truncated" // input ended inside a header, token, string or opaque block
  | "depth" // nesting deeper than maxDepth
  | "elements" // more than maxElements elements
  | "string-table" // string table larger than maxStringTable, or a reference outside it
  | "integer" // mb_u_int32 longer than 5 bytes or above 2^32-1
  | "version" // unsupported WBXML version byte
  | "charset" // charset other than UTF-8 (or a compatible single-byte one), or invalid UTF-8
  | "public-id" // public identifier of a language this codec has no code pages for
  | "token" // tag token unknown on its code page, unknown code page, or unexpected global token
  | "attributes" // an attribute list: SyncML defines none, so the document is not SyncML
  | "extension" // EXT_* token: SyncML defines no extensions
  | "malformed" // anything else structurally wrong (trailing bytes, no root, END without element)
  | "unencodable"; // the encoder was given a tree it cannot express (unknown tag, bad page)

export class WbxmlError extends Error {
  readonly reason: WbxmlErrorReason;

  constructor(reason: WbxmlErrorReason, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "WbxmlError";
    this.reason = reason;
  }
}

export interface WbxmlLimits {
  /** Largest accepted document, in bytes. Checked before anything else. */
  maxBytes: number;
  /** Deepest element nesting; the root element is depth 1. */
  maxDepth: number;
  /** Most elements in one document (nested WBXML documents in OPAQUE count towards it). */
  maxElements: number;
  /** Largest accepted string table, in bytes. */
  maxStringTable: number;
}

export const DEFAULT_WBXML_LIMITS: Readonly<WbxmlLimits> = Object.freeze({
  maxBytes: 4 * 1024 * 1024,
  maxDepth: 64,
  maxElements: 100_000,
  maxStringTable: 64 * 1024,
});

export type Result<T, E> = { ok: true; value: T } | { ok: false; error: E };

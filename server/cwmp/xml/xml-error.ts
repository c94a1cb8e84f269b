// Errors and limits of the hardened XML reader. Reasons are short and machine-friendly so the
// transport can map them (e.g. "size" to HTTP 413) without matching on message text.

export type XmlErrorReason =
  | "size" // input larger than maxBytes
  | "depth" // nesting deeper than maxDepth
  | "elements" // more than maxElements elements
  | "doctype" // DOCTYPE (and with it any ENTITY declaration): never expanded, always refused
  | "pi" // processing instruction other than the XML declaration
  | "encoding" // bytes that are not valid UTF-8 (or the declared single-byte charset)
  | "malformed"; // anything the strict parser rejects: truncation, bad syntax, unbound prefixes...

export class XmlError extends Error {
  readonly reason: XmlErrorReason;

  constructor(reason: XmlErrorReason, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "XmlError";
    this.reason = reason;
  }
}

export interface XmlLimits {
  /** Largest accepted document, in bytes (UTF-8). Checked before any parsing. */
  maxBytes: number;
  /** Deepest accepted element nesting; the root element is depth 1. */
  maxDepth: number;
  /** Most elements accepted in one document. */
  maxElements: number;
}

export const DEFAULT_XML_LIMITS: Readonly<XmlLimits> = Object.freeze({
  maxBytes: 8 * 1024 * 1024,
  maxDepth: 64,
  maxElements: 200_000,
});

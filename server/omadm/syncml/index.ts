// SyncML DM 1.2 message codec, both encodings (OMA-TS-DM_RepPro 1.2; XML and WBXML per §5.6 of
// docs/domain.md).
//
//   parseSyncML(bytes, contentType, limits?) -> Result<SyncMLMessage, SyncmlError>
//   serializeSyncML(message, encoding) -> Result<Uint8Array, SyncmlError>
//   encodingOf(contentType) -> "xml" | "wbxml" | undefined;  CONTENT_TYPES
//   parseSyncMLTree / serializeSyncMLTree: the same on the DmElement tree (for tests and tools)
//   itemBytes(item) / itemText(item): Item Data as bytes (Format b64 decoded) or as text
//
// Never throws. XML goes through the CWMP path's hardened reader (size, depth, element count, no
// DTD/entities, no PIs); WBXML through our own decoder with the same limits. The content type picks
// the encoding: application/vnd.syncml.dm+xml / +wbxml, and the vnd.syncml+xml / +wbxml aliases
// libdmclient's test client sends. parse(serialize(m)) = m for every message whose strings are
// XML-representable (binary Item Data round-trips in WBXML; in XML it becomes base64 text).
import { parseXml, XmlError, type XmlLimits } from "../../cwmp/xml";
import { decodeWbxml, encodeWbxml, SYNCML12, WbxmlError, type Result, type WbxmlLimits } from "../wbxml";
import { messageToTree } from "./build-message";
import { messageFromTree } from "./parse-message";
import { SyncmlError } from "./syncml-error";
import { fromWbxmlElement, fromXmlElement, toWbxmlElement, toXmlString, type DmElement } from "./tree";
import type { SyncMLMessage, SyncmlEncoding } from "./types";

export const CONTENT_TYPES: Readonly<Record<SyncmlEncoding, string>> = Object.freeze({
  xml: "application/vnd.syncml.dm+xml",
  wbxml: "application/vnd.syncml.dm+wbxml",
});

const ENCODINGS: Readonly<Record<string, SyncmlEncoding>> = {
  "application/vnd.syncml.dm+xml": "xml",
  "application/vnd.syncml+xml": "xml",
  "application/vnd.syncml.dm+wbxml": "wbxml",
  "application/vnd.syncml+wbxml": "wbxml",
};

/** The encoding named by a Content-Type header (parameters such as charset ignored). */
export function encodingOf(contentType: string | undefined): SyncmlEncoding | undefined {
  const mime = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  return Object.prototype.hasOwnProperty.call(ENCODINGS, mime) ? ENCODINGS[mime] : undefined;
}

export type SyncmlLimits = XmlLimits & WbxmlLimits;

function toSyncmlError(err: unknown): SyncmlError {
  if (err instanceof SyncmlError) return err;
  if (err instanceof XmlError || err instanceof WbxmlError)
    return new SyncmlError(err.reason, err.message, { cause: err });
  const message = err instanceof Error ? err.message : String(err);
  return new SyncmlError("malformed", `malformed SyncML: ${message}`, { cause: err });
}

function attempt<T>(run: () => T): Result<T, SyncmlError> {
  try {
    return { ok: true, value: run() };
  } catch (err) {
    return { ok: false, error: toSyncmlError(err) };
  }
}

function readTree(bytes: Uint8Array, encoding: SyncmlEncoding, limits?: Partial<SyncmlLimits>): DmElement {
  if (encoding === "xml") return fromXmlElement(parseXml(bytes, limits));
  const decoded = decodeWbxml(bytes, { languages: [SYNCML12], limits });
  if (!decoded.ok) throw decoded.error;
  return fromWbxmlElement(decoded.value.root);
}

function requireEncoding(contentType: string | undefined): SyncmlEncoding {
  const encoding = encodingOf(contentType);
  if (encoding === undefined) {
    throw new SyncmlError(
      "content-type",
      `not a SyncML DM content type: ${JSON.stringify(contentType ?? "")}`,
    );
  }
  return encoding;
}

export function parseSyncMLTree(
  bytes: Uint8Array,
  contentType: string | undefined,
  limits?: Partial<SyncmlLimits>,
): Result<DmElement, SyncmlError> {
  return attempt(() => readTree(bytes, requireEncoding(contentType), limits));
}

export function parseSyncML(
  bytes: Uint8Array,
  contentType: string | undefined,
  limits?: Partial<SyncmlLimits>,
): Result<SyncMLMessage, SyncmlError> {
  return attempt(() => messageFromTree(readTree(bytes, requireEncoding(contentType), limits)));
}

export function serializeSyncMLTree(
  root: DmElement,
  encoding: SyncmlEncoding,
): Result<Uint8Array, SyncmlError> {
  return attempt(() => {
    if (encoding === "xml") return new TextEncoder().encode(toXmlString(root));
    const encoded = encodeWbxml(toWbxmlElement(root), { language: SYNCML12 });
    if (!encoded.ok) throw encoded.error;
    return encoded.value;
  });
}

export function serializeSyncML(
  message: SyncMLMessage,
  encoding: SyncmlEncoding,
): Result<Uint8Array, SyncmlError> {
  const tree = attempt(() => messageToTree(message));
  return tree.ok ? serializeSyncMLTree(tree.value, encoding) : tree;
}

export { itemBytes, itemText } from "./item-data";
export { SyncmlError, type SyncmlErrorReason } from "./syncml-error";
export type { DmElement } from "./tree";
export * from "./types";

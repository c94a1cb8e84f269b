// Errors of the SyncML message codec: one class for both encodings, with the reader's reason kept
// (a WBXML "size" and an XML "size" both map to HTTP 413 in the transport).
import type { XmlErrorReason } from "../../cwmp/xml";
import type { WbxmlErrorReason } from "../wbxml";

export type SyncmlErrorReason =
  | WbxmlErrorReason
  | XmlErrorReason
  | "content-type" // neither application/vnd.syncml.dm+xml nor +wbxml (nor the vnd.syncml+ aliases)
  | "structure" // a required element is missing or a value is invalid (e.g. CmdID absent, Data not a code)
  | "version"; // not SyncML DM 1.2

export class SyncmlError extends Error {
  readonly reason: SyncmlErrorReason;

  constructor(reason: SyncmlErrorReason, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "SyncmlError";
    this.reason = reason;
  }
}

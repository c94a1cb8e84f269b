// The one error parseEnvelope throws. faultCode is the ACS fault to answer with (8003 for anything
// malformed, 8000 for an unknown method); reason is for logs and metrics.
import type { XmlErrorReason } from "../xml";

export type SoapErrorReason =
  | "xml" // the bytes are not acceptable XML; see xmlReason
  | "not-envelope" // root is not a SOAP Envelope
  | "no-body" // Envelope without Body
  | "empty-body" // Body without a child element
  | "unknown-method"; // Body child is not a CWMP message this codec knows

export class SoapError extends Error {
  readonly faultCode: 8000 | 8003;
  readonly reason: SoapErrorReason;
  /** Set when reason is "xml". */
  readonly xmlReason?: XmlErrorReason;

  constructor(
    faultCode: 8000 | 8003,
    reason: SoapErrorReason,
    message: string,
    options?: { cause?: unknown; xmlReason?: XmlErrorReason },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "SoapError";
    this.faultCode = faultCode;
    this.reason = reason;
    if (options?.xmlReason !== undefined) this.xmlReason = options.xmlReason;
  }
}

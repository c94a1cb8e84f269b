// The one error parseEnvelope (and parseCpeEnvelope) throws. faultCode is the ACS fault to answer
// with (8003 for anything malformed or an unusable Inform identity, 8000 for an unknown method or one
// the CPE may not send, 8006 for an unknown CWMP namespace); reason is for logs and metrics.
import type { XmlErrorReason } from "../xml";

export type SoapErrorReason =
  | "xml" // the bytes are not acceptable XML; see xmlReason
  | "not-envelope" // root is not a SOAP Envelope
  | "no-body" // Envelope without Body
  | "empty-body" // Body without a child element
  | "unknown-method" // Body child is not a CWMP message this codec knows
  | "unknown-namespace" // the message is in a namespace that is not CWMP 1.0-1.4
  | "wrong-direction" // a message only the ACS may send, POSTed by a CPE
  | "bad-identity"; // an Inform whose DeviceId is missing, empty or over TR-069's lengths

export type SoapFaultCode = 8000 | 8003 | 8006;

export class SoapError extends Error {
  readonly faultCode: SoapFaultCode;
  readonly reason: SoapErrorReason;
  /** Set when reason is "xml". */
  readonly xmlReason?: XmlErrorReason;

  constructor(
    faultCode: SoapFaultCode,
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

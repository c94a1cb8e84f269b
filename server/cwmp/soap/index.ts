// Public API of the CWMP SOAP codec: envelope <-> typed message, pure functions.
export { parseEnvelope, serializeEnvelope } from "./envelope";
export { SoapError, type SoapErrorReason } from "./soap-error";
export { cwmpFault, FAULT_STRINGS, soapFaultCode } from "./faults";
export type { XmlLimits, XmlErrorReason } from "../xml";
export type * from "./types";
export { checkFromCpe } from "./validate";

// Public API of the CWMP SOAP codec.
export { parseEnvelope, serializeEnvelope } from "./envelope";
export { SoapError, type SoapErrorReason } from "./soap-error";
export { cwmpFault, FAULT_STRINGS, soapFaultCode } from "./faults";
export { namespaceForVersion, isCwmpNamespace } from "./namespaces";
export type * from "./types";

// CWMP fault codes (TR-069 A.5.1; domain.md 3.4) and the constructor for fault messages.
import type { CwmpFault, SetParameterValuesFaultEntry } from "./types";

export const FAULT_STRINGS: Readonly<Record<number, string>> = {
  // ACS faults, in answers to CPE requests
  8000: "Method not supported",
  8001: "Request denied",
  8002: "Internal error",
  8003: "Invalid arguments",
  8004: "Resources exceeded",
  8005: "Retry request",
  8006: "ACS version incompatible with CPE",
  // CPE faults, in answers to ACS requests
  9000: "Method not supported",
  9001: "Request denied",
  9002: "Internal error",
  9003: "Invalid arguments",
  9004: "Resources exceeded",
  9005: "Invalid parameter name",
  9006: "Invalid parameter type",
  9007: "Invalid parameter value",
  9008: "Attempt to set a non-writable parameter",
  9009: "Notification request rejected",
  9010: "File transfer failure",
  9011: "Upload failure",
  9012: "File transfer server authentication failure",
  9013: "Unsupported protocol for file transfer",
  9014: "File transfer failure: unable to join multicast group",
  9015: "File transfer failure: unable to contact file server",
  9016: "File transfer failure: unable to access file",
  9017: "File transfer failure: unable to complete download",
  9018: "File transfer failure: file corrupted",
  9019: "File transfer failure: file authentication failure",
  9020: "File transfer failure: unable to complete download within specified time windows",
  9021: "Cancelation of file transfer not permitted",
  9022: "Invalid UUID format",
  9023: "Unknown Execution Environment",
  9024: "Disabled Execution Environment",
  9025: "Deployment Unit to Execution Environment mismatch",
  9026: "Duplicate Deployment Unit",
  9027: "System resources exceeded",
  9028: "Unknown Deployment Unit",
  9029: "Invalid Deployment Unit state",
  9030: "Invalid Deployment Unit update: downgrade not permitted",
  9031: "Invalid Deployment Unit update: version not specified",
  9032: "Invalid Deployment Unit update: version already exists",
};

// "Server" where the receiver failed on its own (internal errors, exhausted resources, a transfer
// that broke); "Client" where the request itself was at fault. Vendor ranges default to Client.
const SERVER_FAULTS: ReadonlySet<number> = new Set([
  8002, 9002, 9004, 9010, 9011, 9012, 9013, 9014, 9015, 9016, 9017, 9018, 9019, 9020, 9027,
]);

/** SOAP faultcode ("Client" or "Server") conventionally paired with a CWMP fault code. */
export function soapFaultCode(code: number): "Client" | "Server" {
  return SERVER_FAULTS.has(code) ? "Server" : "Client";
}

/** Build a fault message; faultString defaults to the standard text of the code. */
export function cwmpFault(
  code: number,
  faultString?: string,
  setParameterValuesFault: SetParameterValuesFaultEntry[] = [],
): CwmpFault {
  return {
    name: "Fault",
    faultcode: soapFaultCode(code),
    faultstring: "CWMP fault",
    faultCode: code,
    faultString: faultString ?? FAULT_STRINGS[code] ?? "Vendor fault",
    setParameterValuesFault,
  };
}

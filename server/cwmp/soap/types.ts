// Typed CWMP messages (TR-069 Amendment 6, cwmp-1-0 .. cwmp-1-4).
// Every message is a plain object tagged by `name` (the SOAP body element's local name), so the codec,
// the session state machine, the simulator and the services all switch on one discriminant.

/** xsd types a ParameterValueStruct may carry (cwmp-1-2.xsd; unknown types are kept as "string"). */
export const XSD_TYPES = [
  "string",
  "int",
  "unsignedInt",
  "long",
  "unsignedLong",
  "boolean",
  "dateTime",
  "base64",
  "hexBinary",
] as const;

export type XsdType = (typeof XSD_TYPES)[number];

export interface ParameterValue {
  name: string;
  /** Always the wire text; booleans arrive as 1/0/true/false and are kept as sent. */
  value: string;
  type: XsdType;
}

export interface ParameterInfo {
  name: string;
  writable: boolean;
}

export interface ParameterAttribute {
  name: string;
  notification: number;
  accessList: string[];
}

export interface SetParameterAttributesStruct {
  name: string;
  notificationChange: boolean;
  notification: number;
  accessListChange: boolean;
  accessList: string[];
}

export interface DeviceIdStruct {
  manufacturer: string;
  oui: string;
  productClass: string;
  serialNumber: string;
}

export interface EventStruct {
  eventCode: string;
  commandKey: string;
}

export interface FaultStruct {
  faultCode: number;
  faultString: string;
}

export interface TimeWindow {
  windowStart: number;
  windowEnd: number;
  windowMode: string;
  userMessage: string;
  maxRetries: number;
}

export interface QueuedTransfer {
  commandKey: string;
  /** 1 not yet started, 2 in progress, 3 completed */
  state: number;
}

export interface AllQueuedTransfer extends QueuedTransfer {
  isDownload: boolean;
  fileType: string;
  fileSize: number;
  targetFileName: string;
}

export interface OptionStruct {
  optionName: string;
  voucherSN: string;
  state: number;
  mode: number;
  startDate: string;
  expirationDate?: string;
  isTransferable: boolean;
}

export type DuOperation =
  | { op: "Install"; url: string; uuid: string; username: string; password: string; executionEnvRef: string }
  | { op: "Update"; uuid: string; version: string; url: string; username: string; password: string }
  | { op: "Uninstall"; uuid: string; version: string; executionEnvRef: string };

export interface DuOpResult {
  uuid: string;
  deploymentUnitRef: string;
  version: string;
  currentState: string;
  resolved: boolean;
  executionUnitRefList: string;
  startTime: string;
  completeTime: string;
  fault: FaultStruct;
}

export interface AutonomousDuOpResult extends DuOpResult {
  operationPerformed: string;
}

export interface ArgStruct {
  name: string;
  value: string;
}

// ---------------------------------------------------------------------------------------------------
// ACS -> CPE requests (the CPE's RPC methods) and the CPE's responses
// ---------------------------------------------------------------------------------------------------

export type AcsRequest =
  | { name: "GetRPCMethods" }
  | { name: "SetParameterValues"; parameterList: ParameterValue[]; parameterKey: string }
  | { name: "GetParameterValues"; parameterNames: string[] }
  | { name: "GetParameterNames"; parameterPath: string; nextLevel: boolean }
  | { name: "SetParameterAttributes"; parameterList: SetParameterAttributesStruct[] }
  | { name: "GetParameterAttributes"; parameterNames: string[] }
  | { name: "AddObject"; objectName: string; parameterKey: string }
  | { name: "DeleteObject"; objectName: string; parameterKey: string }
  | { name: "Reboot"; commandKey: string }
  | {
      name: "Download";
      commandKey: string;
      fileType: string;
      url: string;
      username: string;
      password: string;
      fileSize: number;
      targetFileName: string;
      delaySeconds: number;
      successUrl: string;
      failureUrl: string;
    }
  | {
      name: "Upload";
      commandKey: string;
      fileType: string;
      url: string;
      username: string;
      password: string;
      delaySeconds: number;
    }
  | { name: "FactoryReset" }
  | { name: "ScheduleInform"; delaySeconds: number; commandKey: string }
  | {
      name: "ScheduleDownload";
      commandKey: string;
      fileType: string;
      url: string;
      username: string;
      password: string;
      fileSize: number;
      targetFileName: string;
      timeWindowList: TimeWindow[];
    }
  | { name: "CancelTransfer"; commandKey: string }
  | { name: "GetQueuedTransfers" }
  | { name: "GetAllQueuedTransfers" }
  | { name: "ChangeDUState"; operations: DuOperation[]; commandKey: string }
  | { name: "GetOptions"; optionName: string }
  | { name: "SetVouchers"; voucherList: string[] };

export type CpeResponse =
  | { name: "GetRPCMethodsResponse"; methodList: string[] }
  | { name: "SetParameterValuesResponse"; status: number }
  | { name: "GetParameterValuesResponse"; parameterList: ParameterValue[] }
  | { name: "GetParameterNamesResponse"; parameterList: ParameterInfo[] }
  | { name: "SetParameterAttributesResponse" }
  | { name: "GetParameterAttributesResponse"; parameterList: ParameterAttribute[] }
  | { name: "AddObjectResponse"; instanceNumber: number; status: number }
  | { name: "DeleteObjectResponse"; status: number }
  | { name: "RebootResponse" }
  | { name: "DownloadResponse"; status: number; startTime: string; completeTime: string }
  | { name: "UploadResponse"; status: number; startTime: string; completeTime: string }
  | { name: "FactoryResetResponse" }
  | { name: "ScheduleInformResponse" }
  | { name: "ScheduleDownloadResponse" }
  | { name: "CancelTransferResponse" }
  | { name: "GetQueuedTransfersResponse"; transferList: QueuedTransfer[] }
  | { name: "GetAllQueuedTransfersResponse"; transferList: AllQueuedTransfer[] }
  | { name: "ChangeDUStateResponse" }
  | { name: "GetOptionsResponse"; optionList: OptionStruct[] }
  | { name: "SetVouchersResponse" };

// ---------------------------------------------------------------------------------------------------
// CPE -> ACS requests and the ACS's responses
// ---------------------------------------------------------------------------------------------------

export interface InformRequest {
  name: "Inform";
  deviceId: DeviceIdStruct;
  events: EventStruct[];
  maxEnvelopes: number;
  /** As sent; may lack a time zone or be malformed (real CPEs), so it is never parsed strictly here. */
  currentTime: string;
  retryCount: number;
  parameterList: ParameterValue[];
}

export type CpeRequest =
  | InformRequest
  | {
      name: "TransferComplete";
      commandKey: string;
      faultStruct: FaultStruct;
      startTime: string;
      completeTime: string;
    }
  | {
      name: "AutonomousTransferComplete";
      announceUrl: string;
      transferUrl: string;
      isDownload: boolean;
      fileType: string;
      fileSize: number;
      targetFileName: string;
      faultStruct: FaultStruct;
      startTime: string;
      completeTime: string;
    }
  | { name: "DUStateChangeComplete"; results: DuOpResult[]; commandKey: string }
  | { name: "AutonomousDUStateChangeComplete"; results: AutonomousDuOpResult[] }
  | { name: "RequestDownload"; fileType: string; fileTypeArg: ArgStruct[] }
  | { name: "Kicked"; command: string; referer: string; arg: string; next: string }
  | { name: "GetRPCMethods" };

export type AcsResponse =
  | { name: "InformResponse"; maxEnvelopes: number }
  | { name: "TransferCompleteResponse" }
  | { name: "AutonomousTransferCompleteResponse" }
  | { name: "DUStateChangeCompleteResponse" }
  | { name: "AutonomousDUStateChangeCompleteResponse" }
  | { name: "RequestDownloadResponse" }
  | { name: "KickedResponse"; nextUrl: string }
  | { name: "GetRPCMethodsResponse"; methodList: string[] };

// ---------------------------------------------------------------------------------------------------
// Faults and envelopes
// ---------------------------------------------------------------------------------------------------

export interface SetParameterValuesFaultEntry {
  parameterName: string;
  faultCode: number;
  faultString: string;
}

/** A SOAP Fault carrying a cwmp:Fault (8000-8899 from the ACS, 9000-9899 from the CPE). */
export interface CwmpFault {
  name: "Fault";
  /** "Client" or "Server" (prefix stripped). */
  faultcode: string;
  faultstring: string;
  faultCode: number;
  faultString: string;
  setParameterValuesFault: SetParameterValuesFaultEntry[];
}

/** CWMP version learnt from the envelope; 1.3/1.4 share the cwmp-1-2 namespace (see domain.md 3.1). */
export type CwmpVersion = "1.0" | "1.1" | "1.2" | "1.3" | "1.4";

export interface CwmpHeader {
  /** cwmp:ID; absent on some CPE messages. */
  id?: string;
  holdRequests?: boolean;
  noMoreRequests?: boolean;
  sessionTimeout?: number;
  supportedCwmpVersions?: string;
  useCwmpVersion?: string;
}

export type CwmpMessage = AcsRequest | CpeResponse | CpeRequest | AcsResponse | CwmpFault;

export interface Envelope<M extends CwmpMessage = CwmpMessage> {
  /** Exact cwmp namespace URI seen (or to emit), e.g. "urn:dslforum-org:cwmp-1-0". */
  cwmpNamespace: string;
  version: CwmpVersion;
  header: CwmpHeader;
  body: M;
}

/** Messages a CPE may POST to the ACS (requests, responses to ACS requests, faults). */
export type FromCpe = CpeRequest | CpeResponse | CwmpFault;
/** Messages the ACS may put in an HTTP response. */
export type FromAcs = AcsRequest | AcsResponse | CwmpFault;

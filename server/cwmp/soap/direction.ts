// Which side may send each CWMP message. The tables are typed against the message unions of
// ./types.ts: a message added to (or removed from) a union without updating them fails to compile,
// so the check at the listener cannot drift from the codec.
import type { CpeRequest, CpeResponse } from "./types";

type Names<M extends { name: string }> = { readonly [N in M["name"]]: true };

const CPE_REQUESTS: Names<CpeRequest> = {
  Inform: true,
  TransferComplete: true,
  AutonomousTransferComplete: true,
  DUStateChangeComplete: true,
  AutonomousDUStateChangeComplete: true,
  RequestDownload: true,
  Kicked: true,
  GetRPCMethods: true,
};

const CPE_RESPONSES: Names<CpeResponse> = {
  GetRPCMethodsResponse: true,
  SetParameterValuesResponse: true,
  GetParameterValuesResponse: true,
  GetParameterNamesResponse: true,
  SetParameterAttributesResponse: true,
  GetParameterAttributesResponse: true,
  AddObjectResponse: true,
  DeleteObjectResponse: true,
  RebootResponse: true,
  DownloadResponse: true,
  UploadResponse: true,
  FactoryResetResponse: true,
  ScheduleInformResponse: true,
  ScheduleDownloadResponse: true,
  CancelTransferResponse: true,
  GetQueuedTransfersResponse: true,
  GetAllQueuedTransfersResponse: true,
  ChangeDUStateResponse: true,
  GetOptionsResponse: true,
  SetVouchersResponse: true,
};

const own = (table: object, name: string): boolean => Object.prototype.hasOwnProperty.call(table, name);

/**
 * A CPE may POST this message: one of its requests, a response to an ACS request, or a Fault.
 * Everything else the codec knows (ACS requests, InformResponse, TransferCompleteResponse ...) is
 * ACS-only.
 */
export function isFromCpe(name: string): boolean {
  return name === "Fault" || own(CPE_REQUESTS, name) || own(CPE_RESPONSES, name);
}

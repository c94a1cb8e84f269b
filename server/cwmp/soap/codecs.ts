// Body element local name -> codec, for every CWMP message except Fault (a SOAP-level element).
import type { MessageNamed, RpcCodec } from "./codec";
import * as du from "./rpc-du";
import * as inf from "./rpc-inform";
import * as misc from "./rpc-misc";
import * as obj from "./rpc-objects";
import * as par from "./rpc-parameters";
import * as xfer from "./rpc-transfers";
import type { CwmpMessage } from "./types";

export type RpcName = Exclude<CwmpMessage["name"], "Fault">;

type CodecTable = { readonly [N in RpcName]: RpcCodec<MessageNamed<N>> };

export const CODECS: CodecTable = {
  GetRPCMethods: misc.getRpcMethods,
  GetRPCMethodsResponse: misc.getRpcMethodsResponse,
  SetParameterValues: par.setParameterValues,
  SetParameterValuesResponse: par.setParameterValuesResponse,
  GetParameterValues: par.getParameterValues,
  GetParameterValuesResponse: par.getParameterValuesResponse,
  GetParameterNames: par.getParameterNames,
  GetParameterNamesResponse: par.getParameterNamesResponse,
  SetParameterAttributes: par.setParameterAttributes,
  SetParameterAttributesResponse: par.setParameterAttributesResponse,
  GetParameterAttributes: par.getParameterAttributes,
  GetParameterAttributesResponse: par.getParameterAttributesResponse,
  AddObject: obj.addObject,
  AddObjectResponse: obj.addObjectResponse,
  DeleteObject: obj.deleteObject,
  DeleteObjectResponse: obj.deleteObjectResponse,
  Reboot: misc.reboot,
  RebootResponse: misc.rebootResponse,
  Download: xfer.download,
  DownloadResponse: xfer.downloadResponse,
  Upload: xfer.upload,
  UploadResponse: xfer.uploadResponse,
  FactoryReset: misc.factoryReset,
  FactoryResetResponse: misc.factoryResetResponse,
  ScheduleInform: misc.scheduleInform,
  ScheduleInformResponse: misc.scheduleInformResponse,
  ScheduleDownload: xfer.scheduleDownload,
  ScheduleDownloadResponse: xfer.scheduleDownloadResponse,
  CancelTransfer: xfer.cancelTransfer,
  CancelTransferResponse: xfer.cancelTransferResponse,
  GetQueuedTransfers: xfer.getQueuedTransfers,
  GetQueuedTransfersResponse: xfer.getQueuedTransfersResponse,
  GetAllQueuedTransfers: xfer.getAllQueuedTransfers,
  GetAllQueuedTransfersResponse: xfer.getAllQueuedTransfersResponse,
  ChangeDUState: du.changeDuState,
  ChangeDUStateResponse: du.changeDuStateResponse,
  GetOptions: misc.getOptions,
  GetOptionsResponse: misc.getOptionsResponse,
  SetVouchers: misc.setVouchers,
  SetVouchersResponse: misc.setVouchersResponse,
  Inform: inf.inform,
  InformResponse: inf.informResponse,
  TransferComplete: xfer.transferComplete,
  TransferCompleteResponse: xfer.transferCompleteResponse,
  AutonomousTransferComplete: xfer.autonomousTransferComplete,
  AutonomousTransferCompleteResponse: xfer.autonomousTransferCompleteResponse,
  DUStateChangeComplete: du.duStateChangeComplete,
  DUStateChangeCompleteResponse: du.duStateChangeCompleteResponse,
  AutonomousDUStateChangeComplete: du.autonomousDuStateChangeComplete,
  AutonomousDUStateChangeCompleteResponse: du.autonomousDuStateChangeCompleteResponse,
  RequestDownload: xfer.requestDownload,
  RequestDownloadResponse: xfer.requestDownloadResponse,
  Kicked: misc.kicked,
  KickedResponse: misc.kickedResponse,
};

export function isRpcName(name: string): name is RpcName {
  return Object.prototype.hasOwnProperty.call(CODECS, name);
}

/**
 * Codec for a message, typed loosely (methods are bivariant, so this needs no cast): the table's
 * mapped type is what guarantees that a name and its codec agree.
 */
export function codecFor(name: RpcName): RpcCodec<CwmpMessage> {
  return CODECS[name];
}

// File transfer RPCs in both directions (TR-069 A.3.2.8-A.3.2.10, A.4.1, A.4.2).
import type { XmlElement } from "../xml";
import { emptyCodec, type MessageNamed, type RpcCodec } from "./codec";
import { bool, child, int, items, str } from "./read";
import type { FaultStruct } from "./types";
import { array, leaf, leafBool, leafInt } from "./write";

export function parseFaultStruct(el: XmlElement | undefined): FaultStruct {
  if (el === undefined) return { faultCode: 0, faultString: "" };
  return { faultCode: int(el, "FaultCode"), faultString: str(el, "FaultString") };
}

function writeFaultStruct(tag: string, f: FaultStruct): string {
  return `<${tag}>${leafInt("FaultCode", f.faultCode)}${leaf("FaultString", f.faultString)}</${tag}>`;
}

export const download: RpcCodec<MessageNamed<"Download">> = {
  parse: (el) => ({
    name: "Download",
    commandKey: str(el, "CommandKey"),
    fileType: str(el, "FileType"),
    url: str(el, "URL"),
    username: str(el, "Username"),
    password: str(el, "Password"),
    fileSize: int(el, "FileSize"),
    targetFileName: str(el, "TargetFileName"),
    delaySeconds: int(el, "DelaySeconds"),
    successUrl: str(el, "SuccessURL"),
    failureUrl: str(el, "FailureURL"),
  }),
  write: (m) =>
    leaf("CommandKey", m.commandKey) +
    leaf("FileType", m.fileType) +
    leaf("URL", m.url) +
    leaf("Username", m.username) +
    leaf("Password", m.password) +
    leafInt("FileSize", m.fileSize) +
    leaf("TargetFileName", m.targetFileName) +
    leafInt("DelaySeconds", m.delaySeconds) +
    leaf("SuccessURL", m.successUrl) +
    leaf("FailureURL", m.failureUrl),
};

interface TransferResponse<N> {
  name: N;
  status: number;
  startTime: string;
  completeTime: string;
}

function transferResponse<N extends "DownloadResponse" | "UploadResponse">(
  name: N,
): RpcCodec<TransferResponse<N>> {
  return {
    parse: (el) => ({
      name,
      status: int(el, "Status"),
      startTime: str(el, "StartTime"),
      completeTime: str(el, "CompleteTime"),
    }),
    write: (m) =>
      leafInt("Status", m.status) + leaf("StartTime", m.startTime) + leaf("CompleteTime", m.completeTime),
  };
}

export const downloadResponse = transferResponse("DownloadResponse");
export const uploadResponse = transferResponse("UploadResponse");

export const upload: RpcCodec<MessageNamed<"Upload">> = {
  parse: (el) => ({
    name: "Upload",
    commandKey: str(el, "CommandKey"),
    fileType: str(el, "FileType"),
    url: str(el, "URL"),
    username: str(el, "Username"),
    password: str(el, "Password"),
    delaySeconds: int(el, "DelaySeconds"),
  }),
  write: (m) =>
    leaf("CommandKey", m.commandKey) +
    leaf("FileType", m.fileType) +
    leaf("URL", m.url) +
    leaf("Username", m.username) +
    leaf("Password", m.password) +
    leafInt("DelaySeconds", m.delaySeconds),
};

export const scheduleDownload: RpcCodec<MessageNamed<"ScheduleDownload">> = {
  parse: (el) => ({
    name: "ScheduleDownload",
    commandKey: str(el, "CommandKey"),
    fileType: str(el, "FileType"),
    url: str(el, "URL"),
    username: str(el, "Username"),
    password: str(el, "Password"),
    fileSize: int(el, "FileSize"),
    targetFileName: str(el, "TargetFileName"),
    timeWindowList: items(child(el, "TimeWindowList")).map((w) => ({
      windowStart: int(w, "WindowStart"),
      windowEnd: int(w, "WindowEnd"),
      windowMode: str(w, "WindowMode"),
      userMessage: str(w, "UserMessage"),
      maxRetries: int(w, "MaxRetries"),
    })),
  }),
  write: (m) =>
    leaf("CommandKey", m.commandKey) +
    leaf("FileType", m.fileType) +
    leaf("URL", m.url) +
    leaf("Username", m.username) +
    leaf("Password", m.password) +
    leafInt("FileSize", m.fileSize) +
    leaf("TargetFileName", m.targetFileName) +
    array(
      "TimeWindowList",
      "cwmp:TimeWindowStruct",
      m.timeWindowList.map(
        (w) =>
          "<TimeWindowStruct>" +
          leafInt("WindowStart", w.windowStart) +
          leafInt("WindowEnd", w.windowEnd) +
          leaf("WindowMode", w.windowMode) +
          leaf("UserMessage", w.userMessage) +
          leafInt("MaxRetries", w.maxRetries) +
          "</TimeWindowStruct>",
      ),
    ),
};
export const scheduleDownloadResponse = emptyCodec<MessageNamed<"ScheduleDownloadResponse">>({
  name: "ScheduleDownloadResponse",
});

export const cancelTransfer: RpcCodec<MessageNamed<"CancelTransfer">> = {
  parse: (el) => ({ name: "CancelTransfer", commandKey: str(el, "CommandKey") }),
  write: (m) => leaf("CommandKey", m.commandKey),
};
export const cancelTransferResponse = emptyCodec<MessageNamed<"CancelTransferResponse">>({
  name: "CancelTransferResponse",
});

export const getQueuedTransfers = emptyCodec<MessageNamed<"GetQueuedTransfers">>({
  name: "GetQueuedTransfers",
});
export const getQueuedTransfersResponse: RpcCodec<MessageNamed<"GetQueuedTransfersResponse">> = {
  parse: (el) => ({
    name: "GetQueuedTransfersResponse",
    transferList: items(child(el, "TransferList")).map((t) => ({
      commandKey: str(t, "CommandKey"),
      state: int(t, "State"),
    })),
  }),
  write: (m) =>
    array(
      "TransferList",
      "cwmp:QueuedTransferStruct",
      m.transferList.map(
        (t) =>
          `<QueuedTransferStruct>${leaf("CommandKey", t.commandKey)}${leafInt("State", t.state)}</QueuedTransferStruct>`,
      ),
    ),
};

export const getAllQueuedTransfers = emptyCodec<MessageNamed<"GetAllQueuedTransfers">>({
  name: "GetAllQueuedTransfers",
});
export const getAllQueuedTransfersResponse: RpcCodec<MessageNamed<"GetAllQueuedTransfersResponse">> = {
  parse: (el) => ({
    name: "GetAllQueuedTransfersResponse",
    transferList: items(child(el, "TransferList")).map((t) => ({
      commandKey: str(t, "CommandKey"),
      state: int(t, "State"),
      isDownload: bool(t, "IsDownload"),
      fileType: str(t, "FileType"),
      fileSize: int(t, "FileSize"),
      targetFileName: str(t, "TargetFileName"),
    })),
  }),
  write: (m) =>
    array(
      "TransferList",
      "cwmp:AllQueuedTransferStruct",
      m.transferList.map(
        (t) =>
          "<AllQueuedTransferStruct>" +
          leaf("CommandKey", t.commandKey) +
          leafInt("State", t.state) +
          leafBool("IsDownload", t.isDownload) +
          leaf("FileType", t.fileType) +
          leafInt("FileSize", t.fileSize) +
          leaf("TargetFileName", t.targetFileName) +
          "</AllQueuedTransferStruct>",
      ),
    ),
};

export const transferComplete: RpcCodec<MessageNamed<"TransferComplete">> = {
  parse: (el) => ({
    name: "TransferComplete",
    commandKey: str(el, "CommandKey"),
    faultStruct: parseFaultStruct(child(el, "FaultStruct")),
    startTime: str(el, "StartTime"),
    completeTime: str(el, "CompleteTime"),
  }),
  write: (m) =>
    leaf("CommandKey", m.commandKey) +
    writeFaultStruct("FaultStruct", m.faultStruct) +
    leaf("StartTime", m.startTime) +
    leaf("CompleteTime", m.completeTime),
};
export const transferCompleteResponse = emptyCodec<MessageNamed<"TransferCompleteResponse">>({
  name: "TransferCompleteResponse",
});

export const autonomousTransferComplete: RpcCodec<MessageNamed<"AutonomousTransferComplete">> = {
  parse: (el) => ({
    name: "AutonomousTransferComplete",
    announceUrl: str(el, "AnnounceURL"),
    transferUrl: str(el, "TransferURL"),
    isDownload: bool(el, "IsDownload"),
    fileType: str(el, "FileType"),
    fileSize: int(el, "FileSize"),
    targetFileName: str(el, "TargetFileName"),
    faultStruct: parseFaultStruct(child(el, "FaultStruct")),
    startTime: str(el, "StartTime"),
    completeTime: str(el, "CompleteTime"),
  }),
  write: (m) =>
    leaf("AnnounceURL", m.announceUrl) +
    leaf("TransferURL", m.transferUrl) +
    leafBool("IsDownload", m.isDownload) +
    leaf("FileType", m.fileType) +
    leafInt("FileSize", m.fileSize) +
    leaf("TargetFileName", m.targetFileName) +
    writeFaultStruct("FaultStruct", m.faultStruct) +
    leaf("StartTime", m.startTime) +
    leaf("CompleteTime", m.completeTime),
};
export const autonomousTransferCompleteResponse = emptyCodec<
  MessageNamed<"AutonomousTransferCompleteResponse">
>({
  name: "AutonomousTransferCompleteResponse",
});

export const requestDownload: RpcCodec<MessageNamed<"RequestDownload">> = {
  parse: (el) => ({
    name: "RequestDownload",
    fileType: str(el, "FileType"),
    fileTypeArg: items(child(el, "FileTypeArg")).map((a) => ({
      name: str(a, "Name"),
      value: str(a, "Value"),
    })),
  }),
  write: (m) =>
    leaf("FileType", m.fileType) +
    array(
      "FileTypeArg",
      "cwmp:ArgStruct",
      m.fileTypeArg.map((a) => `<ArgStruct>${leaf("Name", a.name)}${leaf("Value", a.value)}</ArgStruct>`),
    ),
};
export const requestDownloadResponse = emptyCodec<MessageNamed<"RequestDownloadResponse">>({
  name: "RequestDownloadResponse",
});

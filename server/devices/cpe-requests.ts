// Answers to the requests a CPE makes of the ACS inside a session (TR-069 A.3.2): each is recorded
// on the device's timeline; a TransferComplete ends the task that asked for the transfer (by CommandKey).
import { int4Column } from "../database/int-column";
import { cwmpFault } from "../cwmp/soap";
import type { AcsResponse, CpeRequest, CwmpFault, InformRequest } from "../cwmp/soap/types";
import { ACS_METHODS } from "../cwmp/session/backend";
import { db } from "../db";
import {
  recordAutonomousDuStateChangeComplete,
  recordDuStateChangeComplete,
} from "../firmware/du-state-complete";
import { answerRequestDownload } from "../firmware/request-download";
import { asJson } from "../json";
import { settleTransfer, type TransferOutcome } from "../tasks/evidence";
import { priorResult } from "../tasks/service";

const TRANSFER_TASKS = ["Download", "Upload", "ScheduleDownload"];

type CpeOnlyRequest = Exclude<CpeRequest, InformRequest>;

export async function answerCpeRequest(
  deviceId: number,
  message: CpeOnlyRequest,
): Promise<AcsResponse | CwmpFault> {
  switch (message.name) {
    case "GetRPCMethods":
      return { name: "GetRPCMethodsResponse", methodList: ACS_METHODS };
    case "TransferComplete":
      await recordTransferComplete(deviceId, message);
      return { name: "TransferCompleteResponse" };
    case "AutonomousTransferComplete":
      await recordEvent(deviceId, message, message.faultStruct.faultCode);
      return { name: "AutonomousTransferCompleteResponse" };
    case "DUStateChangeComplete":
      await recordDuStateChangeComplete(deviceId, message);
      return { name: "DUStateChangeCompleteResponse" };
    case "AutonomousDUStateChangeComplete":
      await recordAutonomousDuStateChangeComplete(deviceId, message);
      return { name: "AutonomousDUStateChangeCompleteResponse" };
    case "RequestDownload":
      // Answered by policy; a refusal is still a RequestDownloadResponse (the decision is logged).
      await answerRequestDownload(deviceId, message);
      return { name: "RequestDownloadResponse" };
    case "Kicked":
      await recordEvent(deviceId, message, 0);
      // Kicked (web-initiated provisioning) is not offered: send the browser on to where it was going.
      return { name: "KickedResponse", nextUrl: message.next };
    default:
      return cwmpFault(8000, `Method not supported: ${(message as { name: string }).name}`);
  }
}

async function recordEvent(deviceId: number, message: CpeOnlyRequest, faultCode: number): Promise<void> {
  await db().$transaction(async (tx) => {
    await tx.deviceEvent.create({ data: { deviceId, type: message.name, payload: asJson(message) } });
    if (faultCode !== 0) {
      await tx.deviceFault.create({
        data: {
          deviceId,
          code: int4Column(faultCode),
          message: `${message.name} reported fault ${faultCode}`,
          detail: asJson(message),
        },
      });
    }
  });
}

async function recordTransferComplete(
  deviceId: number,
  message: Extract<CpeOnlyRequest, { name: "TransferComplete" }>,
): Promise<void> {
  const { faultCode, faultString } = message.faultStruct;
  const outcome: TransferOutcome = {
    commandKey: message.commandKey,
    faultStruct: { faultCode, faultString },
    startTime: message.startTime,
    completeTime: message.completeTime,
  };
  await db().$transaction(async (tx) => {
    await tx.deviceEvent.create({ data: { deviceId, type: message.name, payload: asJson(message) } });
    // The transfer's task is the newest Download/Upload/ScheduleDownload with this CommandKey that
    // is still outstanding (sent, or waiting for exactly this); it ends here.
    const byKey = {
      deviceId,
      name: { in: TRANSFER_TASKS },
      request: { path: ["commandKey"], equals: message.commandKey },
    };
    const active = await tx.task.findFirst({
      where: { ...byKey, state: { in: ["sent", "waiting"] } },
      orderBy: { id: "desc" },
    });
    if (active) {
      await settleTransfer(tx, deviceId, active, outcome);
      return;
    }
    // A late report (the task was cancelled or expired meanwhile): recorded on it, changes nothing.
    const task = await tx.task.findFirst({ where: byKey, orderBy: { id: "desc" } });
    if (task) {
      await tx.task.update({
        where: { id: task.id },
        data: { result: asJson({ ...priorResult(task.result), transferComplete: outcome }) },
      });
    }
    if (faultCode !== 0) {
      await tx.deviceFault.create({
        data: {
          deviceId,
          taskId: task?.id,
          code: int4Column(faultCode),
          message: faultString || `transfer failed (${faultCode})`,
          detail: asJson(message),
        },
      });
    }
  });
}

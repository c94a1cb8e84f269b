// Answers to the requests a CPE makes of the ACS inside a session (TR-069 A.3.2): each is recorded
// on the device's timeline; transfer outcomes are attached to the task that asked for the transfer.
import { cwmpFault } from "../cwmp/soap";
import type { AcsResponse, CpeRequest, CwmpFault, InformRequest } from "../cwmp/soap/types";
import { ACS_METHODS } from "../cwmp/session/engine";
import { db } from "../db";
import { asJson } from "../json";

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
      await recordEvent(
        deviceId,
        message,
        message.results.find((r) => r.fault.faultCode !== 0)?.fault.faultCode ?? 0,
      );
      return { name: "DUStateChangeCompleteResponse" };
    case "AutonomousDUStateChangeComplete":
      await recordEvent(deviceId, message, 0);
      return { name: "AutonomousDUStateChangeCompleteResponse" };
    case "RequestDownload":
      await recordEvent(deviceId, message, 0);
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
          code: faultCode,
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
  await db().$transaction(async (tx) => {
    await tx.deviceEvent.create({ data: { deviceId, type: message.name, payload: asJson(message) } });
    // The transfer's task is the newest Download/Upload/ScheduleDownload with this CommandKey.
    const [task] = await tx.$queryRawUnsafe<{ id: number; result: object | null }[]>(
      `SELECT id, result FROM "Task" WHERE "deviceId" = $1 AND name IN ('Download', 'Upload', 'ScheduleDownload')
          AND request->>'commandKey' = $2 ORDER BY id DESC LIMIT 1`,
      deviceId,
      message.commandKey,
    );
    if (task) {
      await tx.task.update({
        where: { id: task.id },
        data: { result: asJson({ ...(task.result ?? {}), transferComplete: message }) },
      });
    }
    if (faultCode !== 0) {
      await tx.deviceFault.create({
        data: {
          deviceId,
          taskId: task?.id,
          code: faultCode,
          message: faultString || `transfer failed (${faultCode})`,
          detail: asJson(message),
        },
      });
    }
  });
}

// A CPE's DUStateChangeComplete (TR-069 A.4.1.4): ends the ChangeDUState task with the same
// CommandKey; filled in by the software-modules part.
import type { CpeRequest } from "../cwmp/soap/types";
import { db } from "../db";
import { asJson } from "../json";

type DuStateChangeComplete = Extract<CpeRequest, { name: "DUStateChangeComplete" }>;

export async function recordDuStateChangeComplete(
  deviceId: number,
  message: DuStateChangeComplete,
): Promise<void> {
  await db().deviceEvent.create({ data: { deviceId, type: message.name, payload: asJson(message) } });
}

// A CPE's RequestDownload (TR-069 A.4.2.3), answered by policy: filled in by the delivery part.
import type { CpeRequest } from "../cwmp/soap/types";
import { db } from "../db";
import { asJson } from "../json";

type RequestDownload = Extract<CpeRequest, { name: "RequestDownload" }>;

/** Records the request; the policy decision is added by the delivery work of issue 10. */
export async function answerRequestDownload(deviceId: number, message: RequestDownload): Promise<void> {
  await db().deviceEvent.create({ data: { deviceId, type: message.name, payload: asJson(message) } });
}

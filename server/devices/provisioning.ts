// Work the ACS queues by itself in reaction to an Inform: on first contact / BOOTSTRAP it gives the
// device its own connection-request credentials and reads its whole tree; on DIAGNOSTICS COMPLETE it
// reads the diagnostics results.
import { randomBytes } from "node:crypto";
import type { AcsRequest, InformRequest } from "../cwmp/soap/types";
import { db } from "../db";
import { settings } from "../env";
import { queueTasks } from "../tasks/service";

const DIAGNOSTICS_OBJECTS: Record<string, string[]> = {
  InternetGatewayDevice: [
    "InternetGatewayDevice.IPPingDiagnostics.",
    "InternetGatewayDevice.TraceRouteDiagnostics.",
  ],
  Device: ["Device.IP.Diagnostics.IPPing.", "Device.IP.Diagnostics.TraceRoute."],
};

export async function provisionAfterInform(
  deviceId: number,
  inform: InformRequest,
  firstContact: boolean,
  rootObject: string,
): Promise<void> {
  const codes = new Set(inform.events.map((e) => e.eventCode.trim()));
  const root = rootObject || inform.parameterList[0]?.name.split(".")[0] || "";
  if (!root) return;
  const requests: AcsRequest[] = [];
  if (firstContact || codes.has("0 BOOTSTRAP"))
    requests.push(...bootstrapRequests(root, inform.deviceId.serialNumber));
  if (codes.has("8 DIAGNOSTICS COMPLETE")) requests.push(...(await diagnosticsReads(deviceId, root)));
  if (requests.length) await queueTasks(deviceId, requests, { createdBy: "system:provisioning" });
}

function bootstrapRequests(root: string, serial: string): AcsRequest[] {
  const requests: AcsRequest[] = [];
  if (settings().CWMP_PROVISION_CR_CREDENTIALS) {
    requests.push({
      name: "SetParameterValues",
      parameterList: [
        {
          name: `${root}.ManagementServer.ConnectionRequestUsername`,
          value: `cr-${serial}`.slice(0, 256),
          type: "string",
        },
        {
          name: `${root}.ManagementServer.ConnectionRequestPassword`,
          value: randomBytes(12).toString("base64url"),
          type: "string",
        },
      ],
      parameterKey: "vantage-bootstrap",
    });
  }
  requests.push({ name: "GetParameterNames", parameterPath: `${root}.`, nextLevel: false });
  requests.push({ name: "GetParameterValues", parameterNames: [`${root}.`] });
  return requests;
}

async function diagnosticsReads(deviceId: number, root: string): Promise<AcsRequest[]> {
  const candidates = DIAGNOSTICS_OBJECTS[root] ?? [];
  const rows = await db().$queryRawUnsafe<{ path: string }[]>(
    `SELECT p AS path FROM unnest($2::text[]) p, "Device" d WHERE d.id = $1 AND d.parameters ? (p || 'DiagnosticsState')`,
    deviceId,
    candidates,
  );
  const present = rows.map((r) => r.path);
  return [{ name: "GetParameterValues", parameterNames: present.length ? present : candidates }];
}

// Work the ACS queues by itself in reaction to what a device reports: on first contact / BOOTSTRAP it
// gives the device its own connection-request credentials and its own ACS credentials (the ones it
// authenticates with, ../identity/credentials.ts) and reads its whole tree; on DIAGNOSTICS
// COMPLETE it reads the diagnostics results (from the objects the device has); when the device
// reports a connection-request username other than the one Vantage set (CPEs revert it after a
// reboot), the reported one is trusted and the credentials are provisioned again. Nothing is queued
// twice: a request identical to one still pending for the device (same kind and names) is skipped,
// so a device that bootstraps three times in a row ends with one pending set.
import { randomBytes } from "node:crypto";
import type { AcsRequest, InformRequest } from "../cwmp/soap/types";
import { db, preparedQuery } from "../db";
import { settings } from "../env";
import {
  ACS_CREDENTIALS_CREATOR,
  acsCredentialsRequest,
  issuePendingCredentials,
  provisionsAcsCredentials,
} from "../identity/credentials";
import { logger } from "../logger";
import { insertTasksInOneStatement } from "../tasks/insert-statement";
import { insertTasks } from "../tasks/service";
import { diagnosticsObjects } from "./diagnostics-objects";

/** Who the tasks queued here are created by (the profile engine recognises the bootstrap read by it). */
export const BOOTSTRAP_CREATOR = "system:provisioning";
const CREATED_BY = BOOTSTRAP_CREATOR;
const PENDING = ["queued", "sent", "waiting"] as const;
/** A CPE that reverts its username after every set would otherwise be provisioned forever. */
const MAX_CREDENTIAL_SETS_PER_DAY = 3;

export async function provisionAfterInform(
  deviceId: number,
  inform: InformRequest,
  firstContact: boolean,
  rootObject: string,
): Promise<void> {
  const codes = new Set(inform.events.map((e) => e.eventCode.trim().toUpperCase()));
  const root = rootObject || inform.parameterList[0]?.name.split(".")[0] || "";
  if (!root) return;
  const requests: AcsRequest[] = [];
  const bootstrap = firstContact || codes.has("0 BOOTSTRAP");
  if (bootstrap) requests.push(...bootstrapRequests(root, inform.deviceId.serialNumber));
  if (codes.has("8 DIAGNOSTICS COMPLETE")) requests.push(...(await diagnosticsReads(deviceId)));
  await queueUnlessPending(
    deviceId,
    requests,
    bootstrap && provisionsAcsCredentials() ? root : null,
    firstContact,
  );
}

/**
 * Trust the connection-request username the device reports (Inform or GetParameterValues values):
 * when it differs from the one Vantage set, store it (our password is kept for the next attempt)
 * and, with CWMP_PROVISION_CR_CREDENTIALS on, queue the credentials again unless already pending.
 */
export async function reconcileConnectionRequestCredentials(
  deviceId: number,
  reported: ReadonlyMap<string, string>,
): Promise<void> {
  // On the pool: every full read of a device brings its username (a boot storm's every device).
  const [device] = await preparedQuery<{
    rootObject: string | null;
    serialNumber: string;
    connectionRequestUsername: string | null;
  }>(
    "cr-username",
    `SELECT "rootObject", "serialNumber", "connectionRequestUsername" FROM "Device" WHERE id = $1`,
    [deviceId],
  );
  // null: Vantage never set credentials (provisioning off, or the bootstrap set is still pending).
  if (!device?.rootObject || device.connectionRequestUsername === null) return;
  const username = reported.get(`${device.rootObject}.ManagementServer.ConnectionRequestUsername`);
  if (username === undefined || username === device.connectionRequestUsername) return;
  const log = logger("provisioning");
  await db().device.updateMany({
    where: { id: deviceId, connectionRequestUsername: device.connectionRequestUsername },
    data: { connectionRequestUsername: username },
  });
  log.warn(
    { deviceId, ours: device.connectionRequestUsername, reported: username },
    "device reports another connection-request username; using it",
  );
  if (!settings().CWMP_PROVISION_CR_CREDENTIALS) return;
  const recent = await db().task.count({
    where: {
      deviceId,
      name: "SetParameterValues",
      createdBy: CREATED_BY,
      createdAt: { gte: new Date(Date.now() - 86_400_000) },
    },
  });
  if (recent >= MAX_CREDENTIAL_SETS_PER_DAY) {
    log.warn(
      { deviceId, recent },
      "connection-request credentials not provisioned again: the device keeps reverting them",
    );
    return;
  }
  await queueUnlessPending(deviceId, [credentialsRequest(device.rootObject, device.serialNumber)]);
}

/**
 * Queue the requests not identical to one pending for the device, in one transaction. With
 * `acsCredentialsRoot`, a device without confirmed own ACS credentials is also sent new ones, as a
 * task of its own (a CPE that refuses them, 9008, keeps the rest), unless a set is already pending:
 * the pending HA1 then stays the one of the password that task carries.
 */
async function queueUnlessPending(
  deviceId: number,
  requests: AcsRequest[],
  acsCredentialsRoot: string | null = null,
  /** The device was registered by this session's Inform: it has no task to compare with. */
  firstContact = false,
): Promise<void> {
  if (requests.length === 0 && acsCredentialsRoot === null) return;
  if (firstContact && acsCredentialsRoot === null) {
    // A device this Inform registered has no task to compare with and nothing to lock against (its
    // session holds it): one statement (tasks/insert-statement.ts).
    await insertTasksInOneStatement(deviceId, distinct(requests, new Set()), { createdBy: CREATED_BY });
    return;
  }
  // Only ever called in the device's own session (its Inform, an answer): the session claims this work
  // at its next step, so no connection request (notifyQueued) — it would find the device in session.
  await db().$transaction(async (tx) => {
    // Serialises provisioning of one device, so two racing checks cannot both find nothing pending.
    const [device] = await tx.$queryRawUnsafe<
      { id: number; oui: string; serialNumber: string; confirmed: boolean }[]
    >(
      `SELECT id, oui, "serialNumber", "cwmpHa1" IS NOT NULL AS confirmed FROM "Device" WHERE id = $1 FOR UPDATE`,
      deviceId,
    );
    const pending = firstContact
      ? []
      : await tx.task.findMany({
          where: { deviceId, state: { in: [...PENDING] } },
          select: { request: true },
        });
    const seen = new Set(pending.map((t) => requestSignature(t.request as unknown as AcsRequest)));
    const fresh = distinct(requests, seen);
    if (fresh.length) await insertTasks(tx, deviceId, fresh, { createdBy: CREATED_BY });
    if (acsCredentialsRoot === null || !device || device.confirmed) return;
    const signature = requestSignature(acsCredentialsRequest(acsCredentialsRoot, "", ""));
    if (seen.has(signature)) return;
    const credentials = await issuePendingCredentials(tx, device, acsCredentialsRoot);
    await insertTasks(tx, deviceId, [credentials], { createdBy: ACS_CREDENTIALS_CREATOR });
  });
}

/** The requests whose signature is not in `seen` yet, each once (`seen` gets theirs). */
function distinct(requests: AcsRequest[], seen: Set<string>): AcsRequest[] {
  return requests.filter((r) => {
    const signature = requestSignature(r);
    if (seen.has(signature)) return false;
    seen.add(signature);
    return true;
  });
}

/**
 * What makes two requests the same work: the RPC and the names or path it covers. Values are left
 * out (each credentials set carries a newly generated password).
 */
export function requestSignature(request: AcsRequest): string {
  const sorted = (names: readonly string[]) => [...names].sort();
  switch (request.name) {
    case "SetParameterValues":
      return JSON.stringify([request.name, sorted(request.parameterList.map((p) => p.name))]);
    case "GetParameterValues":
      return JSON.stringify([request.name, sorted(request.parameterNames)]);
    case "GetParameterNames":
      return JSON.stringify([request.name, request.parameterPath, request.nextLevel]);
    default:
      return JSON.stringify(request);
  }
}

function credentialsRequest(root: string, serial: string): AcsRequest {
  return {
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
  };
}

function bootstrapRequests(root: string, serial: string): AcsRequest[] {
  const requests: AcsRequest[] = [];
  if (settings().CWMP_PROVISION_CR_CREDENTIALS) requests.push(credentialsRequest(root, serial));
  requests.push({ name: "GetParameterNames", parameterPath: `${root}.`, nextLevel: false });
  requests.push({ name: "GetParameterValues", parameterNames: [`${root}.`] });
  return requests;
}

/** Read the diagnostics objects where the device has them (the ones the diagnostic was started on). */
async function diagnosticsReads(deviceId: number): Promise<AcsRequest[]> {
  const objects = await diagnosticsObjects(deviceId);
  if (!objects) return [];
  // Only objects the device has: a name it does not have faults the whole read (9005).
  const kinds = objects.inDocument.length ? objects.inDocument : (["ping", "traceroute"] as const);
  return [{ name: "GetParameterValues", parameterNames: kinds.map((k) => objects[k]) }];
}

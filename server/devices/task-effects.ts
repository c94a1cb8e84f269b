// What a CPE's answer to a task changes in the device record: values read or written, names and
// writability learnt, instances added or deleted, notification attributes, connection-request
// credentials accepted. Runs in the same transaction that stores the answer.
import type { AcsRequest, CpeResponse } from "../cwmp/soap/types";
import type { Prisma } from "../generated/prisma/client";
import { deriveAttributes } from "./attributes";
import {
  attributesToDocument,
  namesToDocument,
  toDocument,
  type ParameterDocument,
} from "./parameter-document";

type Tx = Prisma.TransactionClient;

const SECRET = /Password$|Secret$|Passphrase$|PreSharedKey$|KeyPassphrase$/;

export async function applyTaskResult(
  tx: Tx,
  deviceId: number,
  request: AcsRequest,
  result: CpeResponse,
  now = Date.now(),
): Promise<void> {
  switch (result.name) {
    case "GetParameterValuesResponse": {
      const visible = result.parameterList.filter((p) => !SECRET.test(p.name));
      await merge(tx, deviceId, toDocument(visible, now));
      await updateAttributes(tx, deviceId, new Map(visible.map((p) => [p.name, p.value])));
      return;
    }
    case "GetParameterNamesResponse":
      if (request.name === "GetParameterNames")
        await replaceNames(tx, deviceId, request.parameterPath, request.nextLevel, result, now);
      return;
    case "SetParameterValuesResponse":
      if (request.name === "SetParameterValues") {
        await merge(
          tx,
          deviceId,
          toDocument(
            request.parameterList.filter((p) => !SECRET.test(p.name)),
            now,
          ),
        );
        await rememberConnectionRequestCredentials(tx, deviceId, request);
        await updateAttributes(tx, deviceId, new Map(request.parameterList.map((p) => [p.name, p.value])));
      }
      return;
    case "AddObjectResponse":
      if (request.name === "AddObject") {
        await merge(tx, deviceId, {
          [`${request.objectName}${result.instanceNumber}.`]: { w: true, ts: now },
        });
      }
      return;
    case "DeleteObjectResponse":
      if (request.name === "DeleteObject") {
        await tx.$executeRawUnsafe(
          `UPDATE "Device" SET parameters = vantage_delete_prefix(parameters, $2), "informHash" = NULL WHERE id = $1`,
          deviceId,
          request.objectName,
        );
      }
      return;
    case "SetParameterAttributesResponse":
      if (request.name === "SetParameterAttributes") {
        const changed = request.parameterList.filter((a) => a.notificationChange);
        await merge(
          tx,
          deviceId,
          attributesToDocument(
            changed.map((a) => ({ name: a.name, notification: a.notification, accessList: a.accessList })),
            now,
          ),
        );
      }
      return;
    case "GetParameterAttributesResponse":
      await merge(tx, deviceId, attributesToDocument(result.parameterList, now));
      return;
    default:
      return;
  }
}

async function merge(tx: Tx, deviceId: number, doc: ParameterDocument): Promise<void> {
  if (Object.keys(doc).length === 0) return;
  await tx.$executeRawUnsafe(
    `UPDATE "Device" SET parameters = vantage_merge_params(parameters, $2::jsonb), "informHash" = NULL WHERE id = $1`,
    deviceId,
    JSON.stringify(doc),
  );
}

/** A full-subtree GetParameterNames is authoritative: entries under the path it did not list are gone. */
async function replaceNames(
  tx: Tx,
  deviceId: number,
  path: string,
  nextLevel: boolean,
  result: Extract<CpeResponse, { name: "GetParameterNamesResponse" }>,
  now: number,
): Promise<void> {
  if (!nextLevel && (path === "" || path.endsWith("."))) {
    const keep = result.parameterList.map((p) => p.name);
    await tx.$executeRawUnsafe(
      `UPDATE "Device" SET parameters = COALESCE((
         SELECT jsonb_object_agg(e.key, e.value) FROM jsonb_each(parameters) e
          WHERE left(e.key, length($2)) <> $2 OR e.key = ANY($3::text[])), '{}'::jsonb),
           "informHash" = NULL
        WHERE id = $1`,
      deviceId,
      path,
      keep,
    );
  }
  await merge(tx, deviceId, namesToDocument(result.parameterList, now));
}

async function rememberConnectionRequestCredentials(
  tx: Tx,
  deviceId: number,
  request: Extract<AcsRequest, { name: "SetParameterValues" }>,
): Promise<void> {
  const find = (suffix: string) =>
    request.parameterList.find((p) => p.name.endsWith(`.ManagementServer.${suffix}`))?.value;
  const username = find("ConnectionRequestUsername");
  const password = find("ConnectionRequestPassword");
  if (username === undefined && password === undefined) return;
  await tx.device.update({
    where: { id: deviceId },
    data: {
      ...(username !== undefined ? { connectionRequestUsername: username } : {}),
      ...(password !== undefined ? { connectionRequestPassword: password } : {}),
    },
  });
}

async function updateAttributes(tx: Tx, deviceId: number, values: Map<string, string>): Promise<void> {
  const attrs = deriveAttributes(values);
  if (Object.keys(attrs).length === 0) return;
  await tx.device.update({ where: { id: deviceId }, data: attrs });
}

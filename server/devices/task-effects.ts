// What a CPE's answer to a task changes in the device record: values read or written, names and
// writability learnt, instances added or deleted, notification attributes, connection-request
// credentials accepted. Runs in the same transaction that stores the answer. The answer is checked
// against its request first (answer-check.ts): an answer that cannot be right throws InvalidAnswer
// before anything is written, and only names under the requested paths are stored.
import type { AcsRequest, CpeResponse } from "../cwmp/soap/types";
import { settings } from "../env";
import type { Prisma } from "../generated/prisma/client";
import { isSecretParameter } from "../datamodel/secret-parameters";
import { logger } from "../logger";
import { resealSecret } from "../secrets-file";
import { insertTasks } from "../tasks/service";
import { checkAnswer, requestedNames } from "./answer-check";
import { deriveAttributes } from "./attributes";
import { writeDevice, type DeviceColumns } from "./device-write";
import {
  attributesToDocument,
  namesToDocument,
  toDocument,
  type ParameterDocument,
} from "./parameter-document";

type Tx = Prisma.TransactionClient;
type Response<N extends CpeResponse["name"]> = Extract<CpeResponse, { name: N }>;

export async function applyTaskResult(
  tx: Tx,
  deviceId: number,
  request: AcsRequest,
  result: CpeResponse,
  now = Date.now(),
  maxNames = settings().CWMP_MAX_PARAMETER_NAMES,
): Promise<void> {
  try {
    checkAnswer(request, result, maxNames);
  } catch (error) {
    logger("task-effects").warn({ deviceId, answer: result.name, reason: String(error) }, "invalid response");
    throw error;
  }
  switch (result.name) {
    case "GetParameterValuesResponse": {
      if (request.name !== "GetParameterValues") return;
      const { doc, columns } = valuesWrite(deviceId, request, result, now);
      await writeDevice(tx, deviceId, doc, columns);
      return;
    }
    case "GetParameterNamesResponse":
      if (request.name === "GetParameterNames")
        await replaceNames(tx, deviceId, request.parameterPath, request.nextLevel, result, now);
      return;
    case "SetParameterValuesResponse":
      if (request.name === "SetParameterValues") {
        await writeDevice(
          tx,
          deviceId,
          toDocument(
            request.parameterList.filter((p) => !isSecretParameter(p.name)),
            now,
          ),
          {
            ...deriveAttributes(new Map(request.parameterList.map((p) => [p.name, p.value]))),
            ...connectionRequestCredentials(request),
          },
        );
      }
      return;
    case "AddObjectResponse":
      if (request.name === "AddObject") {
        const instance = `${request.objectName}${result.instanceNumber}.`;
        await merge(tx, deviceId, { [instance]: { w: true, ts: now } });
        // Read the new instance (its children and their defaults) so the tree shows it whole; the
        // session's next dispatch sends these.
        await insertTasks(
          tx,
          deviceId,
          [
            { name: "GetParameterNames", parameterPath: instance, nextLevel: false },
            { name: "GetParameterValues", parameterNames: [instance] },
          ],
          { createdBy: "system:addobject" },
        );
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
      if (request.name === "GetParameterAttributes") {
        const asked = within(deviceId, request.parameterNames, result.parameterList, result.name);
        await merge(tx, deviceId, attributesToDocument(asked, now));
      }
      return;
    default:
      return;
  }
}

/** The entries of an answer whose names were asked for; the others are dropped (and logged). */
function within<T extends { name: string }>(
  deviceId: number,
  paths: readonly string[],
  entries: readonly T[],
  answer: string,
): T[] {
  const asked = requestedNames(paths);
  const kept = entries.filter((e) => asked(e.name));
  if (kept.length < entries.length) {
    logger("task-effects").warn(
      { deviceId, answer, dropped: entries.length - kept.length },
      "answer names that were not asked for are ignored",
    );
  }
  return kept;
}

const merge = (tx: Tx, deviceId: number, doc: ParameterDocument): Promise<void> =>
  writeDevice(tx, deviceId, doc, {});

/**
 * A whole tree read in two answers stored at once (bootstrap-read-pair.ts): the full-subtree
 * GetParameterNames of the root and the GetParameterValues of that root that followed it. Each
 * answer is checked against its own request as one by one; the document gets names and values in ONE
 * merge (entries under the root that the names do not list are dropped, as replaceNames does), and
 * the device row the columns the values carry.
 */
export async function applyWholeTreeRead(
  tx: Tx,
  deviceId: number,
  requests: [AcsRequest, AcsRequest],
  answers: [CpeResponse, CpeResponse],
  now = Date.now(),
  maxNames = settings().CWMP_MAX_PARAMETER_NAMES,
): Promise<void> {
  const [names, values] = requests;
  const [namesAnswer, valuesAnswer] = answers;
  if (
    names.name !== "GetParameterNames" ||
    values.name !== "GetParameterValues" ||
    namesAnswer.name !== "GetParameterNamesResponse" ||
    valuesAnswer.name !== "GetParameterValuesResponse" ||
    !isWholeTreePair(names, values)
  )
    throw new Error("not a whole-tree read pair");
  checkAnswer(names, namesAnswer, maxNames);
  checkAnswer(values, valuesAnswer, maxNames);
  const infos = within(deviceId, [names.parameterPath], namesAnswer.parameterList, namesAnswer.name);
  const read = valuesWrite(deviceId, values, valuesAnswer, now);
  const doc = namesToDocument(infos, now);
  // Both documents' entries are fresh objects: the values' fields are added to the names' entry in
  // place (an object spread per entry was ~3 % of a boot storm's node).
  for (const path in read.doc) {
    const entry = read.doc[path]!;
    const named = doc[path];
    if (named) Object.assign(named, entry);
    else doc[path] = entry;
  }
  // An answer with no names at all removes nothing (as replaceNames).
  await writeDevice(tx, deviceId, doc, read.columns, infos.length > 0 ? names.parameterPath : null);
}

/** What a GetParameterValues answer writes: its values that may be stored, and the columns they carry. */
function valuesWrite(
  deviceId: number,
  request: Extract<AcsRequest, { name: "GetParameterValues" }>,
  result: Response<"GetParameterValuesResponse">,
  now: number,
): { doc: ParameterDocument; columns: DeviceColumns } {
  const asked = within(deviceId, request.parameterNames, result.parameterList, result.name);
  const visible = asked.filter((p) => !isSecretParameter(p.name) && !p.name.endsWith("."));
  return {
    doc: toDocument(visible, now),
    columns: {
      ...deriveAttributes(new Map(visible.map((p) => [p.name, p.value]))),
      ...(request.parameterNames.some(isRootObject) ? fullRead(now) : {}),
    },
  };
}

/** GetParameterNames of a root object, whole subtree, then GetParameterValues of that same root. */
export function isWholeTreePair(names: AcsRequest, values: AcsRequest): boolean {
  return (
    names.name === "GetParameterNames" &&
    !names.nextLevel &&
    isRootObject(names.parameterPath) &&
    values.name === "GetParameterValues" &&
    values.parameterNames.length === 1 &&
    values.parameterNames[0] === names.parameterPath
  );
}

/**
 * A full-subtree GetParameterNames (nextLevel false on an object path) is authoritative for what is
 * under the path: entries there that it did not list are gone. The requested object itself is always
 * kept (CPEs omit it), and an answer with no names at all removes nothing. One statement, linear in
 * both documents (vantage_apply_params), so 50,000 names stay fast; the names travel as one JSON text
 * parameter, not as a 50,000-element array.
 */
async function replaceNames(
  tx: Tx,
  deviceId: number,
  path: string,
  nextLevel: boolean,
  result: Response<"GetParameterNamesResponse">,
  now: number,
): Promise<void> {
  const infos = within(deviceId, [path], result.parameterList, result.name);
  if (infos.length === 0) return;
  const replace = !nextLevel && (path === "" || path.endsWith("."));
  await tx.$executeRawUnsafe(
    `UPDATE "Device" SET parameters = vantage_apply_params(parameters, $2::jsonb, $3::text), "informHash" = NULL
      WHERE id = $1`,
    deviceId,
    JSON.stringify(namesToDocument(infos, now)),
    replace ? path : null,
  );
}

/** "Device." or "InternetGatewayDevice.": a read of it is a read of the whole tree. */
export function isRootObject(path: string): boolean {
  return /^[A-Za-z0-9_]+\.$/.test(path);
}

/**
 * The whole tree was read: the device is no longer "bootstrap incomplete". (A failed bootstrap read
 * is flagged by the Task_full_read_failed trigger, migration device_full_read: the six ways a task
 * ends as a fault or expires include two single SQL statements.)
 */
function fullRead(now: number): DeviceColumns {
  return { fullReadAt: new Date(now), fullReadFailedAt: null };
}

/** The connection-request credentials a SetParameterValues the device accepted gave it. */
function connectionRequestCredentials(
  request: Extract<AcsRequest, { name: "SetParameterValues" }>,
): DeviceColumns {
  const find = (suffix: string) =>
    request.parameterList.find((p) => p.name.endsWith(`.ManagementServer.${suffix}`))?.value;
  const username = find("ConnectionRequestUsername");
  const password = find("ConnectionRequestPassword");
  return {
    ...(username !== undefined ? { connectionRequestUsername: username } : {}),
    // Stored sealed (wake.ts opens it); kept as is if it arrives already sealed by this key.
    ...(password !== undefined ? { connectionRequestPassword: resealSecret(password) } : {}),
  };
}

// Operator actions on one device. Each is tasks from the tasks service plus an audit row, written in
// ONE transaction; the device is woken once it has committed. Values are checked against the data
// model first, so a refused edit never reaches the queue.
import "server-only";
import type { Actor, WritingActor } from "../core/actor";
import { AppError } from "../core/app-error";
import { assertMayWrite } from "../core/authorize";
import { recordAudit } from "../audit/service";
import type { AcsRequest } from "../cwmp/soap/types";
import { isSecretParameter, REDACTED } from "../datamodel/secret-parameters";
import { db } from "../db";
import { retryDmTask } from "../mobile/retry";
import { assertRetryable, cancelTask, getTask, insertTasks, notifyQueued } from "../tasks/service";
import { assertMayTouchAudience, requestPaths } from "./audience-visibility";
import { checkEdit } from "./edit-validation";
import { diagnosticsObjects } from "./diagnostics-objects";
import { getEntry } from "./parameter-tree";
import { isOnline } from "./queries";

export interface ActionResult {
  taskIds: number[];
  /** false: the work waits for the device's next periodic inform */
  online: boolean;
}

interface AuditFacts {
  action: string;
  target?: string;
  before?: object | null;
  after?: object | null;
}

function wake(deviceId: number): void {
  notifyQueued(deviceId);
}

async function deviceState(deviceId: number) {
  const device = await db().device.findUnique({
    where: { id: deviceId },
    select: {
      rootObject: true,
      lastInform: { select: { informedAt: true } },
      periodicInformInterval: true,
    },
  });
  if (!device) throw new AppError("not_found", `device ${deviceId} not found`);
  const lastInform = device.lastInform?.informedAt ?? null;
  return {
    rootObject: device.rootObject,
    lastInform,
    online: isOnline(lastInform, device.periodicInformInterval, new Date()),
  };
}

async function rootOf(deviceId: number): Promise<string> {
  const { rootObject } = await deviceState(deviceId);
  if (!rootObject) throw new AppError("conflict", "the device has not reported its data model yet");
  return rootObject;
}

export async function queueAction(
  actor: Actor,
  deviceId: number,
  requests: AcsRequest[],
  audit: AuditFacts,
): Promise<ActionResult> {
  const { online } = await deviceState(deviceId);
  const tasks = await db().$transaction(async (tx) => {
    const queued = await insertTasks(tx, deviceId, requests, { createdBy: actor.username });
    await recordAudit(tx, {
      operatorId: actor.id,
      action: audit.action,
      deviceId,
      target: audit.target,
      before: audit.before,
      after: { ...audit.after, taskIds: queued.map((t) => t.id) },
    });
    return queued;
  });
  wake(deviceId);
  return { taskIds: tasks.map((t) => t.id), online };
}

/** A parameter key the CPE stores on success: which edit last changed its configuration. */
const parameterKey = () => `vantage-${Date.now().toString(36)}`;

function invalid(path: string, check: { faultCode: number; message: string }): never {
  throw new AppError("invalid_input", `${path}: ${check.message} (${check.faultCode})`);
}

/** Refreshing an ancestor of AudienceStats is anyone's: its answer lands in the tree, which is filtered. */
export async function refreshSubtree(
  actor: WritingActor,
  deviceId: number,
  path: string,
): Promise<ActionResult> {
  assertMayTouchAudience(actor.role, [path]);
  return queueAction(
    actor,
    deviceId,
    [
      { name: "GetParameterNames", parameterPath: path, nextLevel: false },
      { name: "GetParameterValues", parameterNames: [path] },
    ],
    { action: "device.refresh", target: path || "(all)" },
  );
}

export async function refreshAll(actor: WritingActor, deviceId: number): Promise<ActionResult> {
  return refreshSubtree(actor, deviceId, `${await rootOf(deviceId)}.`);
}

export async function setValue(actor: WritingActor, deviceId: number, path: string, value: string) {
  assertMayWrite(actor.role, path);
  assertMayTouchAudience(actor.role, [path]);
  // The console shows secrets masked: writing the mask back would replace the device's real secret.
  if (value === REDACTED && isSecretParameter(path))
    throw new AppError("invalid_input", `${path}: enter the new value; the current one is not shown`);
  const entry = await getEntry(deviceId, path);
  const check = checkEdit(path, value, entry ?? undefined);
  if (!check.ok) invalid(path, check);
  return queueAction(
    actor,
    deviceId,
    [
      {
        name: "SetParameterValues",
        parameterList: [{ name: path, value, type: check.type }],
        parameterKey: parameterKey(),
      },
    ],
    { action: "device.set_value", target: path, before: { value: entry?.v ?? null }, after: { value } },
  );
}

export async function addObject(actor: WritingActor, deviceId: number, path: string) {
  assertMayTouchAudience(actor.role, [path]);
  if (!/\.$/.test(path) || /\.\d+\.$/.test(path)) throw new AppError("invalid_input", "add to a table path");
  return queueAction(
    actor,
    deviceId,
    [{ name: "AddObject", objectName: path, parameterKey: parameterKey() }],
    { action: "device.add_object", target: path },
  );
}

export async function deleteObject(actor: WritingActor, deviceId: number, path: string) {
  assertMayTouchAudience(actor.role, [path]);
  if (!/\.\d+\.$/.test(path)) throw new AppError("invalid_input", "only object instances can be deleted");
  return queueAction(
    actor,
    deviceId,
    [{ name: "DeleteObject", objectName: path, parameterKey: parameterKey() }],
    { action: "device.delete_object", target: path },
  );
}

export const NOTIFICATION = { off: 0, passive: 1, active: 2 } as const;

export async function setNotification(
  actor: WritingActor,
  deviceId: number,
  path: string,
  mode: keyof typeof NOTIFICATION,
) {
  assertMayTouchAudience(actor.role, [path]);
  const entry = await getEntry(deviceId, path);
  return queueAction(
    actor,
    deviceId,
    [
      {
        name: "SetParameterAttributes",
        parameterList: [
          {
            name: path,
            notificationChange: true,
            notification: NOTIFICATION[mode],
            accessListChange: false,
            accessList: [],
          },
        ],
      },
    ],
    {
      action: "device.set_notification",
      target: path,
      before: { notification: entry?.n ?? null },
      after: { notification: NOTIFICATION[mode] },
    },
  );
}

export function reboot(actor: Actor, deviceId: number) {
  return queueAction(actor, deviceId, [{ name: "Reboot", commandKey: parameterKey() }], {
    action: "device.reboot",
  });
}

export function factoryReset(actor: Actor, deviceId: number) {
  return queueAction(actor, deviceId, [{ name: "FactoryReset" }], { action: "device.factory_reset" });
}

/** SetParameterValues for several parameters, each checked against the model first. */
async function checkedSet(actor: WritingActor, deviceId: number, values: [string, string][]) {
  const list = [];
  for (const [path, value] of values) {
    assertMayWrite(actor.role, path);
    assertMayTouchAudience(actor.role, [path]);
    const check = checkEdit(path, value, (await getEntry(deviceId, path)) ?? undefined);
    if (!check.ok) invalid(path, check);
    list.push({ name: path, value, type: check.type });
  }
  return { name: "SetParameterValues" as const, parameterList: list, parameterKey: parameterKey() };
}

export async function setInformInterval(actor: WritingActor, deviceId: number, seconds: number) {
  const ms = `${await rootOf(deviceId)}.ManagementServer.`;
  // PeriodicInform* are exempt from devices.management_server (see permissionToWrite): help desk may.
  const request = await checkedSet(actor, deviceId, [
    [`${ms}PeriodicInformEnable`, "true"],
    [`${ms}PeriodicInformInterval`, String(seconds)],
  ]);
  return queueAction(actor, deviceId, [request], {
    action: "device.set_inform_interval",
    target: `${ms}PeriodicInformInterval`,
    after: { seconds },
  });
}

export interface DiagnosticsInput {
  kind: "ping" | "traceroute";
  host: string;
  /** ping: NumberOfRepetitions; traceroute: MaxHopCount */
  count?: number;
  timeoutMs?: number;
}

/** Start a diagnostic; the CPE informs 8 DIAGNOSTICS COMPLETE and provisioning reads the results. */
export async function runDiagnostics(actor: WritingActor, deviceId: number, input: DiagnosticsInput) {
  const root = await rootOf(deviceId);
  // The object the device actually has (vendor trees differ); results are read from the same place.
  const paths = await diagnosticsObjects(deviceId);
  if (!paths) throw new AppError("conflict", `no diagnostics known for ${root}`);
  const obj = paths[input.kind];
  const values: [string, string][] = [[`${obj}Host`, input.host]];
  const countName = input.kind === "ping" ? "NumberOfRepetitions" : "MaxHopCount";
  if (input.count !== undefined) values.push([`${obj}${countName}`, String(input.count)]);
  if (input.timeoutMs !== undefined) values.push([`${obj}Timeout`, String(input.timeoutMs)]);
  values.push([`${obj}DiagnosticsState`, "Requested"]);
  const request = await checkedSet(actor, deviceId, values);
  return queueAction(actor, deviceId, [request], {
    action: `device.diagnostics.${input.kind}`,
    target: obj,
    after: Object.fromEntries(values),
  });
}

async function deviceTask(deviceId: number, taskId: number) {
  const task = await getTask(taskId);
  if (task.deviceId !== deviceId) throw new AppError("not_found", `task ${taskId} not found on this device`);
  return task;
}

/**
 * Cancel a queued, sent or waiting task; the state change and its audit row commit together. A sent
 * RPC may still run on the CPE: its late answer is recorded on the task and applies nothing.
 */
export async function cancelDeviceTask(actor: Actor, deviceId: number, taskId: number) {
  const task = await deviceTask(deviceId, taskId);
  return db().$transaction(async (tx) => {
    const cancelled = await cancelTask(taskId, tx);
    await recordAudit(tx, {
      operatorId: actor.id,
      action: "task.cancel",
      deviceId,
      target: `${task.name} #${taskId}`,
      before: { state: task.state },
      after: { state: cancelled.state },
    });
    return cancelled;
  });
}

/** Queue a fresh copy of a failed task (the original keeps its history). */
export async function retryDeviceTask(actor: WritingActor, deviceId: number, taskId: number) {
  const task = await deviceTask(deviceId, taskId);
  assertRetryable(task);
  if (task.protocol === "omadm") return retryDmTask(actor, task);
  // A retry sends the same values again: it needs the permission their first sending needed (an admin's
  // ManagementServer write must not be replayable by a role that may not write it).
  const request = task.request as unknown as AcsRequest;
  // A retried audience read or write is one again: it takes audience.read (a cancel does not).
  assertMayTouchAudience(actor.role, requestPaths(request));
  if (request.name === "SetParameterValues")
    for (const p of request.parameterList) assertMayWrite(actor.role, p.name);
  return queueAction(actor, deviceId, [task.request as unknown as AcsRequest], {
    action: "task.retry",
    target: `${task.name} #${taskId}`,
    before: { taskId, state: task.state },
  });
}

// Operator actions on a device's run-time applications: install or update a store deployment unit
// (ChangeDUState through queueImageDelivery, with per-transfer credentials), uninstall by UUID, and
// start/stop an execution unit (SetParameterValues of RequestedState). Each is its task(s) plus an
// audit row in one transaction; the device is woken afterwards.
import { randomBytes } from "node:crypto";
import { appliesTo, isOffered } from "../../../lib/firmware/applicability";
import { isDeploymentUnit } from "../../../lib/firmware/file-types";
import { recordAudit } from "../../audit/service";
import type { Actor } from "../../core/actor";
import { AppError } from "../../core/app-error";
import { db } from "../../db";
import { queueAction, type ActionResult } from "../../devices/actions";
import { isOnline } from "../../devices/queries";
import { insertTasks, notifyQueued } from "../../tasks/service";
import { queueImageDelivery } from "../delivery";
import { readSoftwareModules } from "./units";

/** A ChangeDUState CommandKey (TR-069: at most 32 characters). */
const commandKey = () => `du-${Date.now().toString(36)}-${randomBytes(4).toString("hex")}`;

async function deviceRow(deviceId: number) {
  const device = await db().device.findUnique({
    where: { id: deviceId },
    select: {
      oui: true,
      productClass: true,
      hardwareVersion: true,
      rootObject: true,
      lastInform: { select: { informedAt: true } },
      periodicInformInterval: true,
    },
  });
  if (!device) throw new AppError("not_found", `device ${deviceId} not found`);
  if (device.rootObject !== "Device")
    throw new AppError("conflict", "run-time applications need a TR-181 (Device.) data model");
  return { ...device, lastInform: device.lastInform?.informedAt ?? null };
}

/** Install a store deployment unit, or update it when a unit with its UUID is on the device. */
export async function installApp(actor: Actor, deviceId: number, imageId: number): Promise<ActionResult> {
  const device = await deviceRow(deviceId);
  const image = await db().firmwareImage.findUnique({ where: { id: imageId } });
  if (!image || !isDeploymentUnit(image.fileType))
    throw new AppError("not_found", "no such application in the store");
  const offered = isOffered(image);
  if (!offered.ok) throw new AppError("conflict", `${image.fileName} is not offered: ${offered.reason}`);
  const { deploymentUnits } = await readSoftwareModules(deviceId);
  const installed = deploymentUnits.find((d) => d.uuid.toLowerCase() === image.duUuid.toLowerCase());
  const fit = appliesTo(
    { ...image, fromVersions: [] },
    { ...device, softwareVersion: installed?.version ?? "" },
  );
  if (!fit.ok)
    throw new AppError("conflict", `${image.fileName} does not apply to this device: ${fit.reason}`);
  const operation = installed ? "Update" : "Install";
  const task = await db().$transaction(async (tx) => {
    const queued = await queueImageDelivery(tx, {
      deviceId,
      image,
      commandKey: commandKey(),
      createdBy: actor.username,
      duOperation: operation,
    });
    await recordAudit(tx, {
      operatorId: actor.id,
      action: operation === "Update" ? "app.update" : "app.install",
      deviceId,
      target: `${image.fileName} ${image.version}`,
      before: installed ? { uuid: installed.uuid, version: installed.version } : null,
      after: { imageId: image.id, uuid: image.duUuid, version: image.version, taskIds: [queued.id] },
    });
    return queued;
  });
  notifyQueued(deviceId);
  return {
    taskIds: [task.id],
    online: isOnline(device.lastInform, device.periodicInformInterval, new Date()),
  };
}

/** Uninstall the deployment unit with this UUID (as the last read of the tree shows it). */
export async function uninstallApp(actor: Actor, deviceId: number, uuid: string): Promise<ActionResult> {
  const device = await deviceRow(deviceId);
  const { deploymentUnits } = await readSoftwareModules(deviceId);
  const du = deploymentUnits.find((d) => d.uuid.toLowerCase() === uuid.toLowerCase());
  if (!du)
    throw new AppError("not_found", `no deployment unit ${uuid} on this device (refresh to re-read it)`);
  const result = await db().$transaction(async (tx) => {
    const [task] = await insertTasks(
      tx,
      deviceId,
      [
        {
          name: "ChangeDUState",
          commandKey: commandKey(),
          operations: [{ op: "Uninstall", uuid: du.uuid, version: du.version, executionEnvRef: "" }],
        },
      ],
      { createdBy: actor.username },
    );
    await recordAudit(tx, {
      operatorId: actor.id,
      action: "app.uninstall",
      deviceId,
      target: `${du.name} ${du.version}`,
      before: { uuid: du.uuid, version: du.version },
      after: { taskIds: [task!.id] },
    });
    return task!;
  });
  notifyQueued(deviceId);
  return {
    taskIds: [result.id],
    online: isOnline(device.lastInform, device.periodicInformInterval, new Date()),
  };
}

const EU_PATH = /^Device\.SoftwareModules\.ExecutionUnit\.\d+$/;

/** Start (Active) or stop (Idle) an execution unit. */
export async function setAppRunning(
  actor: Actor,
  deviceId: number,
  euPath: string,
  running: boolean,
): Promise<ActionResult> {
  const path = euPath.replace(/\.$/, "");
  if (!EU_PATH.test(path)) throw new AppError("invalid_input", `${euPath} is not an execution unit`);
  await deviceRow(deviceId);
  const { deploymentUnits, otherExecutionUnits } = await readSoftwareModules(deviceId);
  const eu = [...deploymentUnits.flatMap((d) => d.executionUnits), ...otherExecutionUnits].find(
    (e) => e.path === path,
  );
  if (!eu) throw new AppError("not_found", `no execution unit ${path} on this device`);
  const state = running ? "Active" : "Idle";
  return queueAction(
    actor,
    deviceId,
    [
      {
        name: "SetParameterValues",
        parameterList: [{ name: `${path}.RequestedState`, value: state, type: "string" }],
        parameterKey: `vantage-${Date.now().toString(36)}`,
      },
      // Status follows RequestedState on the CPE: read it back so the console shows the outcome.
      { name: "GetParameterValues", parameterNames: [`${path}.`] },
    ],
    {
      action: running ? "app.start" : "app.stop",
      target: path,
      before: { status: eu.status },
      after: { requestedState: state },
    },
  );
}

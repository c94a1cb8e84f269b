// A device's run-time applications as its stored parameter tree shows them (TR-181
// Device.SoftwareModules.): deployment units with their execution units, plus the ChangeDUState tasks
// still pending for it and the store's deployment-unit images an operator may install.
import { appliesTo, isOffered } from "../../../lib/firmware/applicability";
import { DEPLOYMENT_UNIT_TYPE } from "../../../lib/firmware/file-types";
import { AppError } from "../../core/app-error";
import { db } from "../../db";
import type { ParameterEntry } from "../../devices/parameter-document";
import { entriesMatching } from "../../devices/parameter-tree";

export const SM = "Device.SoftwareModules.";

export interface ExecutionUnitView {
  path: string;
  euid: string;
  name: string;
  status: string;
  requestedState: string;
  faultCode: string;
  version: string;
}

export interface DeploymentUnitView {
  path: string;
  uuid: string;
  duid: string;
  name: string;
  version: string;
  vendor: string;
  status: string;
  resolved: boolean;
  executionUnits: ExecutionUnitView[];
}

export interface PendingDuChange {
  taskId: number;
  state: string;
  operation: string;
  uuid: string;
  imageId: number | null;
  name: string;
  version: string;
}

/** Instances of `table` ("DeploymentUnit") as path → { field: value }. */
function instances(entries: Map<string, ParameterEntry>, table: string): Map<string, Record<string, string>> {
  const out = new Map<string, Record<string, string>>();
  const re = new RegExp(`^${SM.replace(/\./g, "\\.")}${table}\\.(\\d+)\\.([A-Za-z]+)$`);
  for (const [path, entry] of entries) {
    const m = re.exec(path);
    if (!m) continue;
    const inst = `${SM}${table}.${m[1]}`;
    const row = out.get(inst) ?? {};
    row[m[2]!] = entry.v ?? "";
    out.set(inst, row);
  }
  return out;
}

/** Run-time applications are a TR-181 feature: a TR-098 (InternetGatewayDevice) CPE has none here. */
export async function supportsSoftwareModules(deviceId: number): Promise<boolean> {
  const device = await db().device.findUnique({ where: { id: deviceId }, select: { rootObject: true } });
  if (!device) throw new AppError("not_found", `device ${deviceId} not found`);
  return device.rootObject === "Device";
}

export async function readSoftwareModules(deviceId: number): Promise<{
  deploymentUnits: DeploymentUnitView[];
  /** execution units no deployment unit lists (a CPE's own services) */
  otherExecutionUnits: ExecutionUnitView[];
  readAt: number | null;
}> {
  const entries = await entriesMatching(
    deviceId,
    "^Device\\.SoftwareModules\\.(DeploymentUnit|ExecutionUnit)\\.",
  );
  const eus = new Map(
    [...instances(entries, "ExecutionUnit")].map(([path, f]) => [
      path,
      {
        path,
        euid: f.EUID ?? "",
        name: f.Name ?? "",
        status: f.Status ?? "",
        requestedState: f.RequestedState ?? "",
        faultCode: f.ExecutionFaultCode ?? "",
        version: f.Version ?? "",
      } satisfies ExecutionUnitView,
    ]),
  );
  const used = new Set<string>();
  const deploymentUnits = [...instances(entries, "DeploymentUnit")].map(([path, f]): DeploymentUnitView => {
    const refs = (f.ExecutionUnitList ?? "").split(",").map((s) => s.trim().replace(/\.$/, ""));
    const executionUnits = refs.flatMap((r) => {
      const eu = eus.get(r);
      if (eu) used.add(r);
      return eu ? [eu] : [];
    });
    return {
      path,
      uuid: f.UUID ?? "",
      duid: f.DUID ?? "",
      name: f.Name ?? "",
      version: f.Version ?? "",
      vendor: f.Vendor ?? "",
      status: f.Status ?? "",
      resolved: f.Resolved === "true",
      executionUnits,
    };
  });
  const byNumber = (a: { path: string }, b: { path: string }) =>
    Number(a.path.split(".").pop()) - Number(b.path.split(".").pop());
  const stamps = [...entries.values()].map((e) => e.ts);
  return {
    deploymentUnits: deploymentUnits.sort(byNumber),
    otherExecutionUnits: [...eus.values()].filter((e) => !used.has(e.path)).sort(byNumber),
    readAt: stamps.length ? Math.max(...stamps) : null,
  };
}

/** ChangeDUState tasks not ended yet, with the store image each carries (no credentials). */
export async function pendingDuChanges(deviceId: number): Promise<PendingDuChange[]> {
  const tasks = await db().task.findMany({
    where: { deviceId, name: "ChangeDUState", state: { in: ["queued", "sent", "waiting"] } },
    orderBy: { id: "asc" },
    select: { id: true, state: true, request: true },
  });
  if (tasks.length === 0) return [];
  const grants = await db().fileGrant.findMany({
    where: { taskId: { in: tasks.map((t) => t.id) } },
    select: { taskId: true, image: { select: { id: true, fileName: true, version: true } } },
  });
  return tasks.map((t) => {
    const op = ((t.request as { operations?: { op?: string; uuid?: string }[] }).operations ?? [])[0] ?? {};
    const image = grants.find((g) => g.taskId === t.id)?.image;
    return {
      taskId: t.id,
      state: t.state,
      operation: op.op ?? "",
      uuid: op.uuid ?? "",
      imageId: image?.id ?? null,
      name: image?.fileName ?? "",
      version: image?.version ?? "",
    };
  });
}

/** Published deployment-unit images that apply to this device's model, newest first. */
export async function installableImages(deviceId: number) {
  const device = await db().device.findUnique({
    where: { id: deviceId },
    select: { oui: true, productClass: true, hardwareVersion: true },
  });
  if (!device) throw new AppError("not_found", `device ${deviceId} not found`);
  const images = await db().firmwareImage.findMany({
    where: { fileType: DEPLOYMENT_UNIT_TYPE, state: "published" },
    orderBy: { id: "desc" },
    take: 200,
  });
  return images.filter(
    (i) =>
      isOffered(i).ok &&
      appliesTo({ ...i, fromVersions: [] }, { ...device, softwareVersion: "" }).ok &&
      /^[0-9a-fA-F-]{36}$/.test(i.duUuid),
  );
}

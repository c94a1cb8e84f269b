// TR-181 Device.SoftwareModules on the simulated STBs: one execution environment, deployment units
// installed/updated/uninstalled by ChangeDUState (no reboot), an execution unit per DU that starts after
// install and follows RequestedState. Results go back in DUStateChangeComplete (TR-069 A.4.1.4) in a
// session with 11 DU STATE CHANGE COMPLETE + M ChangeDUState <key>.
import type { AcsRequest, DuOperation, DuOpResult } from "../server/cwmp/soap/types";
import { isoNow } from "./build-common";
import type { SimDevice } from "./device";
import { readSimDu } from "./du-package";
import { fetchFile } from "./firmware-fetch";
import type { ParamTree } from "./param-tree";
import { TransferError } from "./transfer-http";

type ChangeDuState = Extract<AcsRequest, { name: "ChangeDUState" }>;

export const SM = "Device.SoftwareModules.";
const EE = `${SM}ExecEnv.1`;
const DU_TABLE = `${SM}DeploymentUnit.`;
const EU_TABLE = `${SM}ExecutionUnit.`;

export function addSoftwareModules(t: ParamTree): void {
  t.fill(SM, {
    ExecEnvNumberOfEntries: 1,
    DeploymentUnitNumberOfEntries: 0,
    ExecutionUnitNumberOfEntries: 0,
  });
  t.fill(`${EE}.`, {
    Enable: true,
    Status: "Up",
    Name: "Vantage App Runtime",
    Type: "Linux Container",
    Vendor: "Vantage Labs",
    Version: "1.0",
  });
  t.ensureObject(DU_TABLE);
  t.ensureObject(EU_TABLE);
}

/** The DU instance path ("Device.SoftwareModules.DeploymentUnit.3.") with this UUID, if installed. */
export function findDu(device: SimDevice, uuid: string): string | undefined {
  for (const n of device.tree.instances(DU_TABLE)) {
    const path = `${DU_TABLE}${n}.`;
    if (device.get(`${path}UUID`)?.toLowerCase() === uuid.toLowerCase()) return path;
  }
  return undefined;
}

const cut = (s: string, max: number) => s.slice(0, max);

function install(
  device: SimDevice,
  pkg: { name: string; version: string; uuid: string; vendor: string },
  url: string,
) {
  const t = device.tree;
  const du = t.addInstance(DU_TABLE);
  const eu = t.addInstance(EU_TABLE);
  const duPath = `${DU_TABLE}${du}.`;
  const euPath = `${EU_TABLE}${eu}.`;
  const now = isoNow();
  const set = (p: string, v: string | boolean) => t.set(p, v);
  set(`${duPath}UUID`, pkg.uuid);
  set(`${duPath}DUID`, `du-${du}`);
  set(`${duPath}Name`, cut(pkg.name, 256));
  set(`${duPath}Status`, "Installed");
  set(`${duPath}Resolved`, true);
  set(`${duPath}URL`, cut(url, 2048));
  set(`${duPath}Vendor`, cut(pkg.vendor, 128));
  set(`${duPath}Version`, cut(pkg.version, 32));
  set(`${duPath}ExecutionUnitList`, euPath.slice(0, -1));
  set(`${duPath}ExecutionEnvRef`, EE);
  set(`${duPath}Installed`, now);
  set(`${duPath}LastUpdate`, now);
  set(`${euPath}EUID`, `eu-${eu}`);
  set(`${euPath}Name`, cut(pkg.name, 256));
  set(`${euPath}ExecEnvLabel`, cut(pkg.name.toLowerCase().replace(/[^a-z0-9]+/g, "-"), 64));
  set(`${euPath}Vendor`, cut(pkg.vendor, 128));
  set(`${euPath}Version`, cut(pkg.version, 32));
  set(`${euPath}ExecutionEnvRef`, EE);
  set(`${euPath}ExecutionFaultCode`, "NoFault");
  set(`${euPath}AutoStart`, true);
  set(`${euPath}RequestedState`, "Active");
  set(`${euPath}Status`, "Active");
  return { duPath, euList: euPath.slice(0, -1) };
}

function euPaths(device: SimDevice, duPath: string): string[] {
  return (device.get(`${duPath}ExecutionUnitList`) ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s.startsWith(EU_TABLE))
    .map((s) => `${s}.`);
}

/** EUs whose RequestedState was set (SetParameterValues) start or stop. */
export function applyRequestedStates(device: SimDevice): void {
  for (const n of device.tree.instances(EU_TABLE)) {
    const p = `${EU_TABLE}${n}.`;
    const wanted = device.get(`${p}RequestedState`);
    if ((wanted === "Active" || wanted === "Idle") && device.get(`${p}Status`) !== wanted) {
      device.tree.set(`${p}Status`, wanted);
    }
  }
}

async function fetchDu(device: SimDevice, url: string, username: string, password: string) {
  const fault = device.firmwareFault;
  if (fault === "http_error") throw new TransferError(9010, "HTTP 503");
  if (fault === "timeout") throw new TransferError(9020, "download did not complete in time");
  const trust = device.firmwareTrust();
  const file = await fetchFile(
    { url, username, password, fileSize: 0 },
    trust,
    fault,
    device.settings.timeScale,
  );
  const pkg = readSimDu(file.head);
  if (!pkg) throw new TransferError(9018, "not a deployment unit package");
  if (trust.requireSignature && !file.signed) throw new TransferError(9019, "package is not signed");
  return pkg;
}

async function perform(device: SimDevice, op: DuOperation): Promise<DuOpResult> {
  const startTime = isoNow();
  const result = (r: Partial<DuOpResult>): DuOpResult => ({
    uuid: "uuid" in op ? op.uuid : "",
    deploymentUnitRef: "",
    version: "",
    currentState: "Failed",
    resolved: false,
    executionUnitRefList: "",
    startTime,
    completeTime: isoNow(),
    fault: { faultCode: 0, faultString: "" },
    ...r,
  });
  const existing = op.uuid ? findDu(device, op.uuid) : undefined;
  const current = (duPath: string): Partial<DuOpResult> => ({
    uuid: device.get(`${duPath}UUID`) ?? "",
    deploymentUnitRef: duPath.slice(0, -1),
    version: device.get(`${duPath}Version`) ?? "",
    currentState: "Installed",
    resolved: true,
    executionUnitRefList: device.get(`${duPath}ExecutionUnitList`) ?? "",
  });
  try {
    if (op.op === "Uninstall") {
      if (!existing || (op.version && device.get(`${existing}Version`) !== op.version)) {
        throw new TransferError(
          9028,
          `unknown deployment unit ${op.uuid}${op.version ? ` ${op.version}` : ""}`,
        );
      }
      const before = current(existing);
      for (const eu of euPaths(device, existing)) device.tree.deleteInstance(eu);
      device.tree.deleteInstance(existing);
      return result({
        ...before,
        deploymentUnitRef: "",
        executionUnitRefList: "",
        currentState: "Uninstalled",
        resolved: false,
      });
    }
    if (op.op === "Update") {
      if (!existing) throw new TransferError(9028, `unknown deployment unit ${op.uuid}`);
      const url = op.url || device.get(`${existing}URL`) || "";
      const pkg = await fetchDu(device, url, op.username, op.password);
      if (pkg.uuid !== op.uuid.toLowerCase())
        throw new TransferError(9018, "package is another deployment unit");
      device.tree.set(`${existing}Version`, cut(pkg.version, 32));
      device.tree.set(`${existing}URL`, cut(url, 2048));
      device.tree.set(`${existing}LastUpdate`, isoNow());
      for (const eu of euPaths(device, existing)) device.tree.set(`${eu}Version`, cut(pkg.version, 32));
      return result(current(existing));
    }
    const pkg = await fetchDu(device, op.url, op.username, op.password);
    if (op.uuid && pkg.uuid !== op.uuid.toLowerCase())
      throw new TransferError(9018, "package is another deployment unit");
    if (findDu(device, pkg.uuid))
      throw new TransferError(9026, `deployment unit ${pkg.uuid} is already installed`);
    const { duPath } = install(device, pkg, op.url);
    return result(current(duPath));
  } catch (err) {
    const fault =
      err instanceof TransferError
        ? { faultCode: err.code, faultString: err.message }
        : { faultCode: 9002, faultString: err instanceof Error ? err.message : "internal error" };
    // A failed update leaves the installed version in place.
    return result({ ...(existing && op.op === "Update" ? current(existing) : {}), fault });
  }
}

/** ChangeDUState accepted: the operations run after the session, one after the other. */
export function queueDuStateChange(device: SimDevice, req: ChangeDuState): void {
  device.afterSession.push(() => {
    if (device.firmwareFault === "never_returns") {
      device.silent = true;
      return;
    }
    void (async () => {
      const results: DuOpResult[] = [];
      for (const op of req.operations) results.push(await perform(device, op));
      device.pendingRequests.push({ name: "DUStateChangeComplete", commandKey: req.commandKey, results });
      device.requestSession([
        { eventCode: "11 DU STATE CHANGE COMPLETE", commandKey: "" },
        { eventCode: "M ChangeDUState", commandKey: req.commandKey },
      ]);
    })();
  });
}

/**
 * The device removes a unit on its own (a user or the box's own housekeeping): reported by
 * AutonomousDUStateChangeComplete in a session with 12 AUTONOMOUS DU STATE CHANGE COMPLETE.
 */
export function autonomousUninstall(device: SimDevice, uuid: string): boolean {
  const du = findDu(device, uuid);
  if (!du) return false;
  const now = isoNow();
  const result = {
    uuid: device.get(`${du}UUID`) ?? uuid,
    deploymentUnitRef: "",
    version: device.get(`${du}Version`) ?? "",
    currentState: "Uninstalled",
    resolved: false,
    executionUnitRefList: "",
    startTime: now,
    completeTime: now,
    fault: { faultCode: 0, faultString: "" },
    operationPerformed: "Uninstall",
  };
  for (const eu of euPaths(device, du)) device.tree.deleteInstance(eu);
  device.tree.deleteInstance(du);
  device.pendingRequests.push({ name: "AutonomousDUStateChangeComplete", results: [result] });
  device.requestSession([{ eventCode: "12 AUTONOMOUS DU STATE CHANGE COMPLETE", commandKey: "" }]);
  return true;
}

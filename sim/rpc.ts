// RPC semantics of a simulated CPE: one AcsRequest in, one CpeResponse or CwmpFault out (pure apart
// from the device state it changes and the work it queues for after the session).
import type { AcsRequest, CpeResponse, CwmpFault, EventStruct } from "../server/cwmp/soap/types";
import { lookupObject } from "../server/datamodel/index";
import type { SimDevice } from "./device";
import { initBulkDataProfile } from "./monitoring/bulkdata-tree";
import { cwmpFault, RpcFault } from "./rpc-faults";
import {
  getParameterAttributes,
  getParameterNames,
  getParameterValues,
  setParameterAttributes,
  setParameterValues,
} from "./rpc-params";
import { applyRequestedStates, queueDuStateChange } from "./software-modules";
import { cancelTransfer, queueDownload, queueUpload } from "./transfers";

const SUPPORTED_METHODS = [
  "GetRPCMethods",
  "SetParameterValues",
  "GetParameterValues",
  "GetParameterNames",
  "SetParameterAttributes",
  "GetParameterAttributes",
  "AddObject",
  "DeleteObject",
  "Reboot",
  "Download",
  "Upload",
  "FactoryReset",
  "ScheduleInform",
  "GetQueuedTransfers",
  "GetAllQueuedTransfers",
  "CancelTransfer",
];

const UNKNOWN_TIME = "0001-01-01T00:00:00Z";

function setParameterKey(device: SimDevice, key: string): void {
  device.tree.params.get(`${device.root}ManagementServer.ParameterKey`)!.value = key;
}

function addObject(device: SimDevice, objectName: string, parameterKey: string): number {
  const obj = objectName.endsWith(".") ? lookupObject(objectName) : undefined;
  const isTable = obj !== undefined && obj.facts.m === 1 && !/\.\d+\.$/.test(objectName);
  if (!obj || !isTable || !device.tree.objects.has(objectName.replace(/[^.]+\.$/, ""))) {
    throw new RpcFault(9005, `${objectName} is not a table`);
  }
  if (obj.facts.w !== 1) throw new RpcFault(9001, `${objectName} does not accept new instances`);
  const max = obj.facts.mx;
  if (max !== undefined && max !== null && device.tree.instances(objectName).length >= max) {
    throw new RpcFault(9004, `${objectName} is full (${max})`);
  }
  const n = device.tree.addInstance(objectName);
  initBulkDataProfile(device.tree, objectName, n);
  setParameterKey(device, parameterKey);
  return n;
}

function deleteObject(device: SimDevice, objectName: string, parameterKey: string): void {
  if (!/\.\d+\.$/.test(objectName) || !device.tree.objects.has(objectName)) {
    throw new RpcFault(9005, `${objectName} does not exist`);
  }
  if (lookupObject(objectName)?.facts.w !== 1) throw new RpcFault(9001, `${objectName} cannot be deleted`);
  device.tree.deleteInstance(objectName);
  setParameterKey(device, parameterKey);
}

/** The device goes away for a moment, then boots and informs with 1 BOOT plus `events`. */
function rebootLater(device: SimDevice, events: EventStruct[]): void {
  device.online = false;
  device.schedule(1000 * device.settings.timeScale, () => {
    device.online = true;
    device.reboot(events);
    device.requestSession([]);
  });
}

function handle(device: SimDevice, req: AcsRequest): CpeResponse {
  switch (req.name) {
    case "GetRPCMethods":
      return {
        name: "GetRPCMethodsResponse",
        methodList:
          device.identity.kind === "stb" ? [...SUPPORTED_METHODS, "ChangeDUState"] : [...SUPPORTED_METHODS],
      };
    case "GetParameterValues":
      return {
        name: "GetParameterValuesResponse",
        parameterList: getParameterValues(device, req.parameterNames),
      };
    case "GetParameterNames":
      return {
        name: "GetParameterNamesResponse",
        parameterList: getParameterNames(device, req.parameterPath, req.nextLevel),
      };
    case "SetParameterValues": {
      const status = setParameterValues(device, req.parameterList, req.parameterKey);
      if (device.identity.kind === "stb") applyRequestedStates(device);
      return { name: "SetParameterValuesResponse", status };
    }
    case "GetParameterAttributes":
      return {
        name: "GetParameterAttributesResponse",
        parameterList: getParameterAttributes(device, req.parameterNames),
      };
    case "SetParameterAttributes":
      setParameterAttributes(device, req.parameterList);
      return { name: "SetParameterAttributesResponse" };
    case "AddObject":
      return {
        name: "AddObjectResponse",
        instanceNumber: addObject(device, req.objectName, req.parameterKey),
        status: 0,
      };
    case "DeleteObject":
      deleteObject(device, req.objectName, req.parameterKey);
      return { name: "DeleteObjectResponse", status: 0 };
    case "Reboot":
      device.afterSession.push(() =>
        rebootLater(device, [{ eventCode: "M Reboot", commandKey: req.commandKey }]),
      );
      return { name: "RebootResponse" };
    case "FactoryReset":
      device.afterSession.push(() => {
        device.factoryReset();
        rebootLater(device, [{ eventCode: "0 BOOTSTRAP", commandKey: "" }]);
      });
      return { name: "FactoryResetResponse" };
    case "ScheduleInform":
      if (req.delaySeconds < 1) throw new RpcFault(9003, "DelaySeconds must be at least 1");
      device.schedule(req.delaySeconds * 1000, () =>
        device.requestSession([
          { eventCode: "3 SCHEDULED", commandKey: "" },
          { eventCode: "M ScheduleInform", commandKey: req.commandKey },
        ]),
      );
      return { name: "ScheduleInformResponse" };
    case "Download":
      queueDownload(device, req);
      return { name: "DownloadResponse", status: 1, startTime: UNKNOWN_TIME, completeTime: UNKNOWN_TIME };
    case "Upload":
      queueUpload(device, req);
      return { name: "UploadResponse", status: 1, startTime: UNKNOWN_TIME, completeTime: UNKNOWN_TIME };
    case "GetQueuedTransfers":
      return {
        name: "GetQueuedTransfersResponse",
        transferList: device.transfers.map((t) => ({ commandKey: t.commandKey, state: t.state })),
      };
    case "GetAllQueuedTransfers":
      return {
        name: "GetAllQueuedTransfersResponse",
        transferList: device.transfers.map((t) => ({
          commandKey: t.commandKey,
          state: t.state,
          isDownload: t.isDownload,
          fileType: t.fileType,
          fileSize: t.fileSize,
          targetFileName: t.targetFileName,
        })),
      };
    case "CancelTransfer":
      cancelTransfer(device, req.commandKey);
      return { name: "CancelTransferResponse" };
    case "ChangeDUState":
      if (device.identity.kind !== "stb") throw new RpcFault(9000, "ChangeDUState is not supported");
      if (req.operations.length === 0) throw new RpcFault(9003, "no operations");
      queueDuStateChange(device, req);
      return { name: "ChangeDUStateResponse" };
    default:
      // ScheduleDownload, GetOptions, SetVouchers: not on these STBs/gateways (ChangeDUState: STBs only).
      throw new RpcFault(9000, `${req.name} is not supported`);
  }
}

export interface RpcOptions {
  /** probability that a request fails with 9002 Internal error (fault injection) */
  faultRate?: number;
}

export function handleAcsRequest(
  device: SimDevice,
  req: AcsRequest,
  opts: RpcOptions = {},
): CpeResponse | CwmpFault {
  if (opts.faultRate && device.rng.chance(opts.faultRate))
    return cwmpFault(9002, "Internal error (simulated)");
  try {
    return handle(device, req);
  } catch (err) {
    if (err instanceof RpcFault) return cwmpFault(err.code, err.message, err.spv);
    return cwmpFault(9002, err instanceof Error ? err.message : "Internal error");
  }
}

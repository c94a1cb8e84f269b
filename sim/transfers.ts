// Download/Upload as a CPE does them: queued by the RPC, started after the session (plus DelaySeconds),
// reported by TransferComplete in a later session with 7 TRANSFER COMPLETE + M Download/M Upload.
import type { AcsRequest, FaultStruct } from "../server/cwmp/soap/types";
import { isoNow } from "./build-common";
import type { QueuedTransfer, SimDevice } from "./device";
import { fetchFile } from "./firmware-fetch";
import { isMulticastUrl, receiveMulticast } from "./firmware-multicast";
import { readSimImageHeader } from "./firmware-image";
import { getParameterValues } from "./rpc-params";
import { RpcFault } from "./rpc-faults";
import { TransferError, transferFetch } from "./transfer-http";

type DownloadRequest = Extract<AcsRequest, { name: "Download" }>;
type UploadRequest = Extract<AcsRequest, { name: "Upload" }>;

const NO_FAULT: FaultStruct = { faultCode: 0, faultString: "" };
/** timeout: the transfer gives up after this long (scaled by timeScale) */
const TIMEOUT_MS = 60_000;

/** Old tests' images: JSON {"softwareVersion"} content, else the last dotted number in the name. */
function versionFromFile(head: Buffer, name: string): string | undefined {
  try {
    const json = JSON.parse(head.toString("utf8")) as { softwareVersion?: unknown };
    if (typeof json.softwareVersion === "string" && json.softwareVersion !== "") return json.softwareVersion;
  } catch {
    // not JSON: fall back to the file name
  }
  const base = name.split("?")[0]!.split("/").pop() ?? "";
  const m = [...base.matchAll(/\d+(?:\.\d+)+[A-Za-z0-9-]*/g)].pop();
  return m?.[0].replace(/\.(bin|img|tar|gz|json|zip)$/i, "");
}

/** The version to boot into (firmware), or undefined for other file types. */
async function download(device: SimDevice, t: QueuedTransfer): Promise<string | undefined> {
  const fault = device.firmwareFault;
  if (fault === "http_error" && !isMulticastUrl(t.url)) throw new TransferError(9010, "HTTP 503");
  if (fault === "timeout") {
    await new Promise((r) => device.schedule(TIMEOUT_MS * device.settings.timeScale, () => r(undefined)));
    throw new TransferError(9020, "download did not complete in time");
  }
  const sha256Hint = [t.url, t.targetFileName]
    .map((s) => /[?&]sha256=([0-9a-fA-F]{64})/.exec(s)?.[1])
    .find(Boolean);
  const trust = device.firmwareTrust();
  // A multicast wave names its FLUTE session; the rest (header, signature, product) is the same.
  const file = isMulticastUrl(t.url)
    ? await receiveMulticast({ url: t.url, fileSize: t.fileSize }, trust, fault)
    : await fetchFile(
        { url: t.url, username: t.username, password: t.password, fileSize: t.fileSize, sha256Hint },
        trust,
        fault,
        device.settings.timeScale,
      );
  if (!t.fileType.startsWith("1 ")) return undefined;
  const header = readSimImageHeader(file.head);
  if (header) {
    // A store image: it must carry a good signature (a bad one already failed in fetchFile).
    if (trust.requireSignature && !file.signed) throw new TransferError(9019, "image is not signed");
    const pc = device.identity.vendor.productClass;
    if (header.productClasses.length > 0 && !header.productClasses.includes(pc)) {
      throw new TransferError(9018, `image not for this device (${pc})`);
    }
    return header.version;
  }
  // Unsigned legacy images (earlier tests serve a JSON body or a versioned file name).
  const version = versionFromFile(file.head, t.targetFileName || t.url);
  if (!version) throw new TransferError(9018, "not a firmware image for this device");
  return version;
}

async function upload(device: SimDevice, t: QueuedTransfer): Promise<void> {
  const config = getParameterValues(device, [device.root]).filter(
    (p) => device.tree.params.get(p.name)?.writable,
  );
  const body = JSON.stringify(Object.fromEntries(config.map((p) => [p.name, p.value])));
  const method = /\.(put)\b|[?&]method=put/i.test(t.url) ? "PUT" : "POST";
  const res = await transferFetch(
    t.url,
    { method, body, headers: { "content-type": "application/json" } },
    t.username,
    t.password,
  );
  await res.body?.cancel();
  if (res.status >= 300) throw new TransferError(9011, `HTTP ${res.status}`);
}

/** Boots into `version` (or, for boots_old_version, back into the running one). */
function bootInto(device: SimDevice, version: string): void {
  const path = `${device.root}DeviceInfo.SoftwareVersion`;
  const current = device.get(path) ?? "";
  if (device.firmwareFault === "boots_old_version" || version === current) return;
  device.previousVersion = current;
  device.tree.set(path, version);
}

function run(device: SimDevice, t: QueuedTransfer): void {
  if (!device.transfers.includes(t)) return; // canceled while waiting
  t.state = 2;
  const startTime = isoNow();
  if (t.isDownload && device.firmwareFault === "never_returns") {
    // Accepted the Download, then gone for good (bricked, unplugged): no more sessions.
    device.silent = true;
    return;
  }
  let version: string | undefined;
  const work = t.isDownload ? download(device, t).then((v) => void (version = v)) : upload(device, t);
  void work
    .then(() => NO_FAULT)
    .catch((err: unknown): FaultStruct => {
      if (err instanceof TransferError) return { faultCode: err.code, faultString: err.message };
      return {
        faultCode: t.isDownload ? 9010 : 9011,
        faultString: err instanceof Error ? err.message : "transfer failed",
      };
    })
    .then((fault) => {
      t.state = 3;
      device.transfers = device.transfers.filter((x) => x !== t);
      device.pendingRequests.push({
        name: "TransferComplete",
        commandKey: t.commandKey,
        faultStruct: fault,
        startTime,
        completeTime: isoNow(),
      });
      const events = [
        { eventCode: "7 TRANSFER COMPLETE", commandKey: "" },
        { eventCode: t.isDownload ? "M Download" : "M Upload", commandKey: t.commandKey },
      ];
      // A new firmware is installed by rebooting into it.
      if (version !== undefined && fault.faultCode === 0) {
        const v = version;
        device.schedule(2000 * device.settings.timeScale, () => {
          bootInto(device, v);
          device.reboot(events);
          device.requestSession([]);
        });
      } else device.requestSession(events);
    });
}

function enqueue(device: SimDevice, t: QueuedTransfer): void {
  // The same request again (the ACS re-sent it because our response was lost): already queued or
  // under way, so it is acknowledged without a second transfer.
  if (
    device.transfers.some(
      (q) => q.commandKey === t.commandKey && q.url === t.url && q.isDownload === t.isDownload,
    )
  )
    return;
  if (device.transfers.length >= 8) throw new RpcFault(9004, "transfer queue full");
  device.transfers.push(t);
  device.afterSession.push(() => device.schedule(t.delaySeconds * 1000, () => run(device, t)));
}

export function queueDownload(device: SimDevice, r: DownloadRequest): void {
  enqueue(device, {
    commandKey: r.commandKey,
    state: 1,
    isDownload: true,
    fileType: r.fileType,
    fileSize: r.fileSize,
    targetFileName: r.targetFileName,
    url: r.url,
    username: r.username,
    password: r.password,
    delaySeconds: r.delaySeconds,
  });
}

export function queueUpload(device: SimDevice, r: UploadRequest): void {
  enqueue(device, {
    commandKey: r.commandKey,
    state: 1,
    isDownload: false,
    fileType: r.fileType,
    fileSize: 0,
    targetFileName: "",
    url: r.url,
    username: r.username,
    password: r.password,
    delaySeconds: r.delaySeconds,
  });
}

export function cancelTransfer(device: SimDevice, commandKey: string): void {
  const t = device.transfers.find((x) => x.commandKey === commandKey);
  if (!t) throw new RpcFault(9003, `no transfer with CommandKey ${commandKey}`);
  if (t.state !== 1) throw new RpcFault(9021, "transfer already in progress");
  device.transfers = device.transfers.filter((x) => x !== t);
}

// Download/Upload as a CPE does them: queued by the RPC, started after the session (plus DelaySeconds),
// reported by TransferComplete in a later session with 7 TRANSFER COMPLETE + M Download/M Upload.
import { createHash } from "node:crypto";
import { parseAuthorization, digestAuthorization, basicAuthorization } from "../server/cwmp/transport/digest";
import type { AcsRequest, FaultStruct } from "../server/cwmp/soap/types";
import { isoNow } from "./build-common";
import type { QueuedTransfer, SimDevice } from "./device";
import { getParameterValues } from "./rpc-params";
import { RpcFault } from "./rpc-faults";

type DownloadRequest = Extract<AcsRequest, { name: "Download" }>;
type UploadRequest = Extract<AcsRequest, { name: "Upload" }>;

const MAX_FILE = 64 * 1024 * 1024;
const NO_FAULT: FaultStruct = { faultCode: 0, faultString: "" };

class TransferError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/** HTTP with Basic or Digest (answering a 401 once), as CPE transfer clients do. */
async function transferFetch(url: string, init: RequestInit, user: string, pass: string): Promise<Response> {
  if (!/^https?:\/\//i.test(url)) throw new TransferError(9013, `unsupported protocol in ${url}`);
  const signal = AbortSignal.timeout(30_000);
  let res: Response;
  try {
    res = await fetch(url, { ...init, signal });
    if (res.status === 401 && user !== "") {
      const challenge = parseAuthorization(res.headers.get("www-authenticate") ?? undefined);
      const { pathname, search } = new URL(url);
      const auth =
        challenge?.scheme === "Digest"
          ? digestAuthorization({
              method: init.method ?? "GET",
              uri: pathname + search,
              username: user,
              password: pass,
              challenge: challenge.params,
            })
          : basicAuthorization(user, pass);
      await res.body?.cancel();
      res = await fetch(url, {
        ...init,
        signal,
        headers: { ...(init.headers as Record<string, string>), authorization: auth },
      });
    }
  } catch (err) {
    throw new TransferError(
      9015,
      `cannot contact file server: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  if (res.status === 401 || res.status === 403) throw new TransferError(9012, `HTTP ${res.status}`);
  return res;
}

/** The firmware's version: JSON {"softwareVersion"} content, else the last dotted number in the name. */
function versionFromFile(body: Buffer, name: string): string | undefined {
  try {
    const json = JSON.parse(body.toString("utf8")) as { softwareVersion?: unknown };
    if (typeof json.softwareVersion === "string" && json.softwareVersion !== "") return json.softwareVersion;
  } catch {
    // not JSON: fall back to the file name
  }
  const base = name.split("?")[0]!.split("/").pop() ?? "";
  const m = [...base.matchAll(/\d+(?:\.\d+)+[A-Za-z0-9-]*/g)].pop();
  return m?.[0].replace(/\.(bin|img|tar|gz|json|zip)$/i, "");
}

async function download(device: SimDevice, t: QueuedTransfer): Promise<void> {
  const res = await transferFetch(t.url, { method: "GET" }, t.username, t.password);
  if (res.status === 404 || res.status >= 400) throw new TransferError(9016, `HTTP ${res.status}`);
  const body = Buffer.from(await res.arrayBuffer());
  if (body.length > MAX_FILE) throw new TransferError(9017, "file too large");
  if (t.fileSize > 0 && body.length !== t.fileSize) {
    throw new TransferError(9018, `size ${body.length} != FileSize ${t.fileSize}`);
  }
  const wanted = [t.url, t.targetFileName]
    .map((s) => /[?&]sha256=([0-9a-fA-F]{64})/.exec(s)?.[1])
    .find(Boolean);
  if (wanted && createHash("sha256").update(body).digest("hex") !== wanted.toLowerCase()) {
    throw new TransferError(9018, "SHA-256 mismatch");
  }
  if (t.fileType.startsWith("1 ")) {
    const version = versionFromFile(body, t.targetFileName || t.url);
    if (!version) throw new TransferError(9018, "not a firmware image for this device");
    device.tree.set(`${device.root}DeviceInfo.SoftwareVersion`, version);
  }
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

function run(device: SimDevice, t: QueuedTransfer): void {
  if (!device.transfers.includes(t)) return; // canceled while waiting
  t.state = 2;
  const startTime = isoNow();
  const work = t.isDownload ? download(device, t) : upload(device, t);
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
      if (t.isDownload && fault.faultCode === 0 && t.fileType.startsWith("1 ")) {
        device.schedule(2000 * device.settings.timeScale, () => {
          device.reboot(events);
          device.requestSession([]);
        });
      } else device.requestSession(events);
    });
}

function enqueue(device: SimDevice, t: QueuedTransfer): void {
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

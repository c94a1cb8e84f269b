// FUMO on the simulated mobile (OMA FUMO 1.0, docs/domain.md §5.4): after DownloadAndUpdate was
// accepted (202), download PkgURL from the file server (HTTP with the grant carried as URL
// credentials, Digest as the server asks), check it is an image of ours, move State through 30
// (downloading), 40, 60 (updating) to 100 (success) or 20/80 (failed), boot into the image's version
// (./DevDetail/FwV), and report the result code in a Generic Alert 1226 echoing the Correlator, sent
// in a client-initiated session as soon as the current one has ended.
import type { Item } from "../../server/omadm/syncml";
import { readSimImageHeader } from "../firmware-image";
import { TransferError, transferFetch } from "../transfer-http";
import type { ExecRequest } from "./commands";
import type { SimMobile } from "./mobile";

const TYPES: Record<string, string> = {
  DownloadAndUpdate: "org.openmobilealliance.dm.firmwareupdate.downloadandupdate",
  Download: "org.openmobilealliance.dm.firmwareupdate.download",
  Update: "org.openmobilealliance.dm.firmwareupdate.update",
};
const MAX_IMAGE_BYTES = 64 * 1024 * 1024;

async function download(url: string): Promise<{ code: number; version?: string }> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { code: 411 };
  }
  const user = decodeURIComponent(parsed.username);
  const pass = decodeURIComponent(parsed.password);
  parsed.username = "";
  parsed.password = "";
  try {
    const res = await transferFetch(parsed.toString(), { method: "GET" }, user, pass);
    if (res.status !== 200) {
      await res.body?.cancel();
      return { code: res.status === 404 ? 411 : 503 };
    }
    const bytes = Buffer.from(await res.arrayBuffer());
    if (bytes.length > MAX_IMAGE_BYTES) return { code: 501 };
    const header = readSimImageHeader(bytes);
    return header ? { code: 200, version: header.version } : { code: 402 };
  } catch (error) {
    if (error instanceof TransferError && error.code === 9012) return { code: 406 };
    return { code: 503 };
  }
}

export async function runFumo(mobile: SimMobile, request: ExecRequest): Promise<void> {
  const operation = request.uri.split("/").pop()!;
  const node = request.uri.slice(0, -operation.length - 1);
  const state = (value: string) => {
    const leaf = mobile.tree.nodes.get(`${node}/State`);
    if (leaf) leaf.value = value;
  };
  const url =
    mobile.tree.nodes.get(`${request.uri}/PkgURL`)?.value ||
    mobile.tree.nodes.get(`${node}/Download/PkgURL`)?.value ||
    "";
  state("30");
  const result = await download(url);
  if (result.code === 200 && result.version) {
    state("60");
    const fwv = mobile.tree.nodes.get("./DevDetail/FwV");
    if (fwv) fwv.value = result.version;
    state("100");
  } else state(operation === "Update" ? "80" : "20");
  const item: Item = {
    source: { locUri: node },
    meta: {
      type: TYPES[operation] ?? TYPES.DownloadAndUpdate!,
      format: "int",
      mark: result.code === 200 ? "informational" : "critical",
    },
    data: String(result.code),
  };
  mobile.pendingAlerts.push({
    kind: "Alert",
    cmdId: "0",
    code: 1226,
    ...(request.correlator !== undefined ? { correlator: request.correlator } : {}),
    items: [item],
  });
  // Report once the session that asked for the update is over (bounded wait).
  for (let i = 0; i < 300 && mobile.busy; i++) await new Promise((r) => setTimeout(r, 100));
  await mobile.session(1201);
}

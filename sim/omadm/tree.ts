// The simulated mobile's DM tree (OMA DM 1.2 standard objects, docs/domain.md §5.4): DevInfo, DevDetail,
// DMAcc with the server's account, FUMO, and a few vendor leaves. Nodes are kept by URI; interior nodes
// list their children, leaves carry a value, a Format and what may be done with them (ACL reduced to
// get / replace / exec / delete flags).

export interface DmNode {
  /** undefined for interior nodes */
  value?: string;
  format: string;
  get: boolean;
  replace: boolean;
  exec: boolean;
  delete: boolean;
}

export interface MobileIdentity {
  devId: string;
  man: string;
  mod: string;
  fwV: string;
  serverId: string;
  serverUrl: string;
  clientPassword: string;
  serverPassword: string;
}

const leaf = (value: string, flags: Partial<DmNode> = {}, format = "chr"): DmNode => ({
  value,
  format,
  get: true,
  replace: false,
  exec: false,
  delete: false,
  ...flags,
});
const interior = (flags: Partial<DmNode> = {}): DmNode => ({
  format: "node",
  get: true,
  replace: false,
  exec: false,
  delete: false,
  ...flags,
});

export class DmTree {
  readonly nodes = new Map<string, DmNode>();

  constructor(id: MobileIdentity, largeLeafBytes = 10_000) {
    const rw = { replace: true };
    const set = (uri: string, node: DmNode) => this.nodes.set(uri, node);
    set(".", interior());
    set("./DevInfo", interior());
    set("./DevInfo/DevId", leaf(id.devId));
    set("./DevInfo/Man", leaf(id.man));
    set("./DevInfo/Mod", leaf(id.mod));
    set("./DevInfo/DmV", leaf("1.2"));
    set("./DevInfo/Lang", leaf("en-US", rw));
    set("./DevDetail", interior());
    set("./DevDetail/DevTyp", leaf("phone"));
    set("./DevDetail/OEM", leaf(id.man));
    set("./DevDetail/FwV", leaf(id.fwV));
    set("./DevDetail/SwV", leaf("VantageOS 4.2"));
    set("./DevDetail/HwV", leaf("rev-B"));
    set("./DevDetail/LrgObj", leaf("true", {}, "bool"));
    set("./DMAcc", interior());
    set("./DMAcc/vantage", interior());
    set("./DMAcc/vantage/AppID", leaf("w7"));
    set("./DMAcc/vantage/ServerID", leaf(id.serverId));
    set("./DMAcc/vantage/AppAddr/1/Addr", leaf(id.serverUrl, rw));
    set("./DMAcc/vantage/AAuthPref", leaf("DIGEST", rw));
    // Credentials are write-only: a Get of a secret is refused (425 permission denied).
    set("./DMAcc/vantage/AppAuth/1/AAuthName", leaf(id.devId, rw));
    set("./DMAcc/vantage/AppAuth/1/AAuthSecret", leaf(id.clientPassword, { get: false, replace: true }));
    set("./FUMO", interior());
    set("./FUMO/1", interior());
    set("./FUMO/1/PkgName", leaf("", rw));
    set("./FUMO/1/PkgVersion", leaf("", rw));
    set("./FUMO/1/Download", interior({ exec: true }));
    set("./FUMO/1/Download/PkgURL", leaf("", rw));
    set("./FUMO/1/DownloadAndUpdate", interior({ exec: true }));
    set("./FUMO/1/DownloadAndUpdate/PkgURL", leaf("", rw));
    set("./FUMO/1/State", leaf("10", {}, "int"));
    set("./Ext", interior());
    set("./Ext/Reboot", leaf("", { exec: true, get: false }));
    set("./Ext/Settings", interior({ replace: false }));
    set("./Ext/Settings/Volume", leaf("7", { replace: true, delete: true }, "int"));
    // A large read-only leaf: its Results are split over several messages (MaxMsgSize).
    set("./Ext/Log", leaf(logText(largeLeafBytes)));
  }

  children(uri: string): string[] {
    const prefix = uri === "." ? "./" : `${uri}/`;
    const names = new Set<string>();
    for (const key of this.nodes.keys()) {
      if (key.startsWith(prefix)) names.add(key.slice(prefix.length).split("/")[0]!);
    }
    return [...names];
  }

  parentExists(uri: string): boolean {
    const cut = uri.lastIndexOf("/");
    return (
      cut > 0 && this.nodes.get(uri.slice(0, cut))?.value === undefined && this.nodes.has(uri.slice(0, cut))
    );
  }

  remove(uri: string): void {
    for (const key of [...this.nodes.keys()])
      if (key === uri || key.startsWith(`${uri}/`)) this.nodes.delete(key);
  }
}

function logText(bytes: number): string {
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const line = `${String(i).padStart(6, "0")} radio: cell reselection to PCI ${(i * 37) % 504}\n`;
    lines.push(line);
    size += line.length;
  }
  return lines.join("").slice(0, bytes);
}

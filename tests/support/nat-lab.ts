// Homes behind a real NAT for TR-111 tests and the demo, on NetLab (tests/support/netns.ts):
//
//   root namespace (the ACS)                 home i (gateway namespace)        box namespace
//   bridge <p>br 10.251.0.1/16 ── veth ── WAN 10.251.i.2/16   LAN 192.168.i.1/24 ── veth ── 192.168.i.10/24
//                                          nftables masquerade on WAN              default via 192.168.i.1
//
// The ACS listens in the root namespace (0.0.0.0 or 10.251.0.1); a box reaches it through its gateway's
// masquerade, so the ACS sees the gateway's WAN address, never 192.168.i.10, and cannot open a connection
// to the box (no route to 192.168.i.0/24 from the root namespace): only UDP through the NAT mapping works.
// Every home hangs off one bridge so one ACS address serves them all. Loss (the kernel here has no
// sch_netem) is injected with nftables in the gateway: `loss(home, percent)`.
import type { ChildProcess, SpawnOptions } from "node:child_process";
import { NetLab } from "./netns";

export const ACS_ADDRESS = "10.251.0.1";
export const NAT_NETWORK = "10.251.0.0/16";

export interface Home {
  index: number;
  /** gateway namespace (routes and masquerades) */
  gateway: string;
  /** the box's namespace */
  box: string;
  /** the gateway's WAN address as the ACS sees it (changes with remap) */
  wanAddress: string;
  boxAddress: string;
}

const MAX_HOMES = 200;

export class NatLab {
  readonly net: NetLab;
  readonly homes: Home[] = [];
  private readonly bridge: string;

  /** prefix: NetLab's (1-6 lower-case characters); stale namespaces of a crashed run are removed. */
  constructor(readonly prefix: string) {
    this.net = new NetLab(prefix);
    this.bridge = `${prefix}br`;
    this.net.bridge(undefined, this.bridge, `${ACS_ADDRESS}/16`);
  }

  /** Home i (1..200): gateway and box namespaces, the veths, forwarding and the masquerade. */
  addHome(index: number): Home {
    if (!Number.isInteger(index) || index < 1 || index > MAX_HOMES) throw new Error(`home 1..${MAX_HOMES}`);
    const p = this.prefix;
    const gateway = this.net.namespace(`gw${index}`);
    const box = this.net.namespace(`box${index}`);
    const wanAddress = `10.251.${index}.2`;
    const boxAddress = `192.168.${index}.10`;
    this.net.veth(
      { name: `${p}${index}r` },
      { ns: gateway, name: `${p}${index}w`, address: `${wanAddress}/16` },
    );
    this.net.enslave(undefined, `${p}${index}r`, this.bridge);
    this.net.veth(
      { ns: gateway, name: `${p}${index}l`, address: `192.168.${index}.1/24` },
      { ns: box, name: `${p}${index}b`, address: `${boxAddress}/24` },
    );
    this.net.ip(box, ["route", "add", "default", "via", `192.168.${index}.1`]);
    this.net.ip(gateway, ["route", "add", "default", "via", ACS_ADDRESS]);
    this.net.forwarding(gateway);
    this.net.nft(gateway, masquerade(`${p}${index}w`));
    const home = { index, gateway, box, wanAddress, boxAddress };
    this.homes.push(home);
    return home;
  }

  /**
   * A new public address for the home (an ISP re-addressing the line): the WAN address is replaced,
   * which also drops the masquerade's conntrack entries for the old one (the kernel flushes them when
   * the address goes), so the box's next datagram leaves with a new mapping. Returns the new address.
   */
  remap(home: Home): string {
    const [, , third, last] = home.wanAddress.split(".").map(Number) as [number, number, number, number];
    const next = `10.251.${third}.${last >= 250 ? 2 : last + 1}`;
    const wan = `${this.prefix}${home.index}w`;
    // Old first: deleting a primary address takes the secondaries of its subnet with it.
    this.net.ip(home.gateway, ["addr", "del", `${home.wanAddress}/16`, "dev", wan]);
    this.net.ip(home.gateway, ["addr", "add", `${next}/16`, "dev", wan]);
    // The default route went with the old address's subnet route: put it back.
    this.net.ip(home.gateway, ["route", "replace", "default", "via", ACS_ADDRESS]);
    home.wanAddress = next;
    return next;
  }

  /** Drops `percent` % of the UDP packets the gateway forwards (0 removes the rule). */
  loss(home: Home, percent: number): void {
    const p = Math.max(0, Math.min(100, Math.round(percent)));
    const rules =
      p === 0
        ? "delete table inet loss\n"
        : `table inet loss {\n  chain forward {\n    type filter hook forward priority 0; policy accept;\n    meta l4proto udp numgen random mod 100 < ${p} drop\n  }\n}\n`;
    try {
      if (p > 0) this.net.nft(home.gateway, "table inet loss {}\ndelete table inet loss\n");
      this.net.nft(home.gateway, rules);
    } catch (error) {
      if (p > 0) throw error;
    }
  }

  /** A long-running process in the box's namespace (the simulator); killed by close(). */
  spawnInBox(home: Home, cmd: string, args: string[], options?: SpawnOptions): ChildProcess {
    return this.net.spawn(home.box, cmd, args, options);
  }

  close(): Promise<void> {
    return this.net.close();
  }
}

function masquerade(wan: string): string {
  return `table ip nat {
  chain postrouting {
    type nat hook postrouting priority srcnat; policy accept;
    oifname "${wan}" masquerade
  }
}
`;
}

// Homes behind a real NAT for TR-111 tests and the demo, on NetLab (tests/support/netns.ts):
//
//   root namespace (the ACS)               home i (gateway namespace)          box namespace
//   bridge <p>br <s>.1/24 ── veth ── WAN <s>.(10+i)/24   LAN 192.168.i.1/24 ── veth ── 192.168.i.10/24
//                                     nftables masquerade on WAN              default via 192.168.i.1
//
// <s> is the lab's own /24 (e.g. 10.251.84): labs of other tests running at the same time use others.
// The ACS listens in the root namespace (on <s>.1, or loopback with forwardToLoopback); a box reaches it through its gateway's
// masquerade, so the ACS sees the gateway's WAN address, never 192.168.i.10, and cannot open a connection
// to the box (no route to 192.168.i.0/24 from the root namespace): only UDP through the NAT mapping works.
// Every home hangs off one bridge so one ACS address serves them all. Loss (the kernel here has no
// sch_netem) is injected with nftables in the gateway: `loss(home, percent)`.
import type { ChildProcess, SpawnOptions } from "node:child_process";
import { NetLab } from "./netns";

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

const MAX_HOMES = 80;

export class NatLab {
  readonly net: NetLab;
  readonly homes: Home[] = [];
  /** where the homes reach the ACS (the root end of the lab's bridge) */
  readonly acsAddress: string;
  /** the lab's /24: what CONNECTION_REQUEST_ALLOWED_NETWORKS must allow for UDP requests */
  readonly network: string;
  private readonly bridge: string;
  private dnatTable?: string;

  /**
   * prefix: NetLab's (1-6 lower-case characters; stale namespaces of a crashed run are removed);
   * subnet: the first three octets of the lab's private /24, e.g. "10.251.84".
   */
  constructor(
    readonly prefix: string,
    private readonly subnet: string,
  ) {
    if (!/^10\.\d{1,3}\.\d{1,3}$/.test(subnet)) throw new Error("subnet: three octets of a 10.x.y.0/24");
    this.net = new NetLab(prefix);
    this.bridge = `${prefix}br`;
    this.acsAddress = `${subnet}.1`;
    this.network = `${subnet}.0/24`;
    this.net.bridge(undefined, this.bridge, `${this.acsAddress}/24`);
  }

  /** Home i (1..MAX_HOMES): gateway and box namespaces, the veths, forwarding and the masquerade. */
  addHome(index: number): Home {
    if (!Number.isInteger(index) || index < 1 || index > MAX_HOMES) throw new Error(`home 1..${MAX_HOMES}`);
    const p = this.prefix;
    const gateway = this.net.namespace(`gw${index}`);
    const box = this.net.namespace(`box${index}`);
    const wanAddress = `${this.subnet}.${10 + index}`;
    const boxAddress = `192.168.${index}.10`;
    this.net.veth(
      { name: `${p}${index}r` },
      { ns: gateway, name: `${p}${index}w`, address: `${wanAddress}/24` },
    );
    this.net.enslave(undefined, `${p}${index}r`, this.bridge);
    this.net.veth(
      { ns: gateway, name: `${p}${index}l`, address: `192.168.${index}.1/24` },
      { ns: box, name: `${p}${index}b`, address: `${boxAddress}/24` },
    );
    this.net.ip(box, ["route", "add", "default", "via", `192.168.${index}.1`]);
    this.net.ip(gateway, ["route", "add", "default", "via", this.acsAddress]);
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
    const last = Number(home.wanAddress.split(".")[3]);
    // <s>.11-90 and <s>.111-190 alternate: never another home's address.
    const next = `${this.subnet}.${last > 100 ? last - 100 : last + 100}`;
    const wan = `${this.prefix}${home.index}w`;
    // Old first: deleting a primary address takes the secondaries of its subnet with it.
    this.net.ip(home.gateway, ["addr", "del", `${home.wanAddress}/24`, "dev", wan]);
    this.net.ip(home.gateway, ["addr", "add", `${next}/24`, "dev", wan]);
    // The default route went with the old address's subnet route: put it back.
    this.net.ip(home.gateway, ["route", "replace", "default", "via", this.acsAddress]);
    home.wanAddress = next;
    return next;
  }

  /** Drops `percent` % of the UDP packets the gateway forwards (0 removes the rule). */
  loss(home: Home, percent: number): void {
    const p = Math.max(0, Math.min(100, Math.round(percent)));
    const rules =
      p === 0
        ? "delete table inet loss\n"
        : `table inet loss {\n  chain forward {\n    type filter hook forward priority 0; policy accept;\n    meta l4proto udp ${p >= 100 ? "" : `numgen random mod 100 < ${p} `}drop\n  }\n}\n`;
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

  /**
   * For an ACS that listens on loopback only (the e2e server): packets from the homes to
   * <s>.1:tcpPort / udpPort are DNAT'ed to 127.0.0.1 in the root namespace (route_localnet on the lab's
   * bridge), so the ACS still sees each home's public (masqueraded) address, and datagrams its STUN
   * socket sends back through the same conntrack entry leave as <s>.1 (what a NAT expects).
   */
  forwardToLoopback(tcpPorts: number[], udpPorts: number[]): void {
    const table = `${this.prefix}dnat`;
    const rules = [
      ...tcpPorts.map(
        (p) => `    iifname "${this.bridge}" ip daddr ${this.acsAddress} tcp dport ${p} dnat to 127.0.0.1`,
      ),
      ...udpPorts.map(
        (p) => `    iifname "${this.bridge}" ip daddr ${this.acsAddress} udp dport ${p} dnat to 127.0.0.1`,
      ),
    ];
    this.net.exec(undefined, "sysctl", ["-qw", `net.ipv4.conf.${this.bridge}.route_localnet=1`]);
    this.net.exec(
      undefined,
      "nft",
      ["-f", "-"],
      `table ip ${table} {\n  chain prerouting {\n    type nat hook prerouting priority dstnat; policy accept;\n${rules.join("\n")}\n  }\n}\n`,
    );
    this.dnatTable = table;
  }

  async close(): Promise<void> {
    if (this.dnatTable) {
      try {
        this.net.exec(undefined, "nft", ["delete", "table", "ip", this.dnatTable]);
      } catch {
        // already gone
      }
      this.dnatTable = undefined;
    }
    await this.net.close();
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

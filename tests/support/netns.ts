// A small network lab for tests and benchmarks that need a real network between processes: network
// namespaces (`ip netns`), veth pairs, bridges, addresses, routes and nftables rulesets, all created
// under one prefix and removed by close() (and by the next lab with the same prefix, after a crash).
// Needs root and iproute2/nftables (scripts/ensure-netlab.sh installs them). Addresses used are private
// ones inside namespaces the lab made itself; nothing leaves the machine.
import { execFileSync, spawn, type ChildProcess, type SpawnOptions } from "node:child_process";

const IP = "ip";

function run(cmd: string, args: string[], input?: string): string {
  return execFileSync(cmd, args, {
    encoding: "utf8",
    input,
    stdio: ["pipe", "pipe", "pipe"],
    timeout: 10_000,
  });
}

/** Whether this process may create namespaces (root with iproute2); checked by really making one. */
export function netnsAvailable(): boolean {
  if (process.getuid?.() !== 0) return false;
  const probe = `vprobe${process.pid}`;
  try {
    run(IP, ["netns", "add", probe]);
    run(IP, ["netns", "del", probe]);
    return true;
  } catch {
    return false;
  }
}

/**
 * For `describe.skipIf(...)`: true = skip. Outside CI a machine without namespaces skips; in CI
 * (CI set) a missing capability must fail the run instead, so the test cannot silently not run.
 */
export function skipWithoutNetns(): boolean {
  if (netnsAvailable()) return false;
  if (process.env.CI) throw new Error("network namespaces are required in CI (root, iproute2)");
  return true;
}

export interface VethEnd {
  /** Namespace of this end; undefined = the root namespace (where the test process runs). */
  ns?: string;
  name: string;
  /** CIDR address, e.g. "10.251.1.1/24" */
  address?: string;
}

export class NetLab {
  readonly namespaces: string[] = [];
  private readonly rootLinks: string[] = [];
  private readonly children = new Set<ChildProcess>();

  /** prefix: short (namespace and link names are built from it; links are at most 15 characters). */
  constructor(readonly prefix: string) {
    if (!/^[a-z][a-z0-9]{0,5}$/.test(prefix)) throw new Error("lab prefix: 1-6 lower-case letters/digits");
    NetLab.removeStale(prefix);
  }

  /** Removes namespaces and root links a crashed run with this prefix left behind. */
  static removeStale(prefix: string): void {
    const names = safe(() => run(IP, ["netns", "list"])) ?? "";
    for (const line of names.split("\n")) {
      const name = line.split(" ")[0];
      if (name?.startsWith(`${prefix}-`)) safe(() => run(IP, ["netns", "del", name]));
    }
    const links = safe(() => run(IP, ["-o", "link", "show"])) ?? "";
    for (const m of links.matchAll(/^\d+: ([^:@]+)[:@]/gm)) {
      if (m[1]?.startsWith(prefix)) safe(() => run(IP, ["link", "del", m[1]!]));
    }
  }

  /** Creates namespace `<prefix>-<name>` with its loopback up; returns its full name. */
  namespace(name: string): string {
    const ns = `${this.prefix}-${name}`;
    run(IP, ["netns", "add", ns]);
    this.namespaces.push(ns);
    this.ip(ns, ["link", "set", "lo", "up"]);
    return ns;
  }

  /** `ip` inside a namespace (undefined = root). */
  ip(ns: string | undefined, args: string[]): string {
    return run(IP, ns ? ["-n", ns, ...args] : args);
  }

  /** Any command inside a namespace (`ip netns exec`). */
  exec(ns: string | undefined, cmd: string, args: string[], input?: string): string {
    return ns ? run(IP, ["netns", "exec", ns, cmd, ...args], input) : run(cmd, args, input);
  }

  /** A veth pair between two namespaces (or one end in the root), addressed and up. */
  veth(a: VethEnd, b: VethEnd): void {
    this.checkLinkName(a.name);
    this.checkLinkName(b.name);
    run(IP, ["link", "add", a.name, "type", "veth", "peer", "name", b.name]);
    for (const end of [a, b]) {
      if (end.ns) run(IP, ["link", "set", end.name, "netns", end.ns]);
      else this.rootLinks.push(end.name);
      if (end.address) this.ip(end.ns, ["addr", "add", end.address, "dev", end.name]);
      this.ip(end.ns, ["link", "set", end.name, "up"]);
    }
  }

  /** A bridge (in a namespace or the root), addressed and up; attach links with `enslave`. */
  bridge(ns: string | undefined, name: string, address?: string): void {
    this.checkLinkName(name);
    this.ip(ns, ["link", "add", name, "type", "bridge"]);
    if (!ns) this.rootLinks.push(name);
    if (address) this.ip(ns, ["addr", "add", address, "dev", name]);
    this.ip(ns, ["link", "set", name, "up"]);
  }

  enslave(ns: string | undefined, link: string, bridge: string): void {
    this.ip(ns, ["link", "set", link, "master", bridge]);
  }

  /** Loads an nftables ruleset (nft -f syntax) into a namespace. */
  nft(ns: string, ruleset: string): void {
    this.exec(ns, "nft", ["-f", "-"], ruleset);
  }

  /** Lets a namespace route between its interfaces (a gateway). */
  forwarding(ns: string): void {
    this.exec(ns, "sysctl", ["-qw", "net.ipv4.ip_forward=1"]);
  }

  /** Starts a long-running process inside a namespace; close() kills what is still running. */
  spawn(ns: string, cmd: string, args: string[], options: SpawnOptions = {}): ChildProcess {
    const child = spawn(IP, ["netns", "exec", ns, cmd, ...args], { stdio: "pipe", ...options });
    this.children.add(child);
    child.once("exit", () => this.children.delete(child));
    return child;
  }

  /** Kills the lab's processes (bounded wait), then deletes its namespaces and root links. */
  async close(): Promise<void> {
    await Promise.all([...this.children].map((c) => stopChild(c)));
    for (const ns of this.namespaces.splice(0)) safe(() => run(IP, ["netns", "del", ns]));
    for (const link of this.rootLinks.splice(0)) safe(() => run(IP, ["link", "del", link]));
    NetLab.removeStale(this.prefix);
  }

  private checkLinkName(name: string): void {
    if (!name.startsWith(this.prefix) || name.length > 15)
      throw new Error(`link ${name}: must start with the lab prefix and be at most 15 characters`);
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const hard = setTimeout(() => {
      child.kill("SIGKILL");
      resolve();
    }, 5_000);
    child.once("exit", () => {
      clearTimeout(hard);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

function safe<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch {
    return undefined;
  }
}

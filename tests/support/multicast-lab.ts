// A multicast network for FLUTE tests and the benchmark, built on NetLab: a bridge in the root
// namespace (the sender's side: it sends with setMulticastInterface(senderAddress), so no multicast
// route is added to the root namespace) and veths to N receiver namespaces, each with a 224.0.0.0/4
// route on its link. Loss per receiver is injected with nftables (`numgen random mod 100 < P drop` on
// input udp to the FLUTE port), because this kernel has no sch_netem (tc netem fails). Receivers run as
// child processes inside their namespaces (sim/flute/receive-main.ts), so they are really separate hosts.
import type { ChildProcess } from "node:child_process";
import path from "node:path";
import { NetLab } from "./netns";

export interface LabReceiver {
  ns: string;
  address: string;
}

export interface MulticastLab {
  lab: NetLab;
  /** The root bridge's address: the sender's interface and source address. */
  senderAddress: string;
  receivers: LabReceiver[];
  /** Drops `percent` % of the UDP packets to `port` arriving in receiver i (0 removes the rule). */
  setLoss(i: number, percent: number, port: number): void;
  /** Starts sim/flute/receive-main.ts in receiver i with `args`; resolves with its JSON lines. */
  receive(i: number, args: string[], timeoutMs: number): ReceiverRun;
  close(): Promise<void>;
}

export interface ReceiverRun {
  child: ChildProcess;
  /** Resolves when the process printed `{"joined":true}` (its membership is in place) or exited. */
  joined: Promise<void>;
  /** The last JSON line the receiver printed (its result), or an error object on a crash. */
  result: Promise<Record<string, unknown>>;
}

const REPO = path.resolve(import.meta.dirname, "../..");

/** `subnet`: the first three octets of a private /24 no other lab on the machine uses, e.g. "10.251.42". */
export function createMulticastLab(prefix: string, receivers: number, subnet: string): MulticastLab {
  const lab = new NetLab(prefix);
  try {
    const bridge = `${prefix}br`;
    const senderAddress = `${subnet}.1`;
    lab.bridge(undefined, bridge, `${senderAddress}/24`);
    // No IGMP querier on this little LAN: flood multicast to every port instead of snooping.
    lab.ip(undefined, ["link", "set", bridge, "type", "bridge", "mcast_snooping", "0"]);
    const list: LabReceiver[] = [];
    for (let i = 0; i < receivers; i++) {
      const ns = lab.namespace(`r${i}`);
      const address = `${subnet}.${10 + i}`;
      lab.veth({ name: `${prefix}h${i}` }, { ns, name: `${prefix}r${i}`, address: `${address}/24` });
      lab.enslave(undefined, `${prefix}h${i}`, bridge);
      lab.ip(ns, ["route", "add", "224.0.0.0/4", "dev", `${prefix}r${i}`]);
      list.push({ ns, address });
    }
    return {
      lab,
      senderAddress,
      receivers: list,
      setLoss: (i, percent, port) => {
        const ns = list[i]!.ns;
        lab.exec(ns, "nft", ["flush", "ruleset"]);
        if (percent > 0)
          lab.nft(
            ns,
            `table inet flutelab {\n chain input {\n  type filter hook input priority 0; policy accept;\n` +
              `  udp dport ${port} ${percent >= 100 ? "" : `numgen random mod 100 < ${percent} `}drop\n }\n}\n`,
          );
      },
      receive: (i, args, timeoutMs) => startReceiver(lab, list[i]!.ns, args, timeoutMs),
      close: () => lab.close(),
    };
  } catch (err) {
    void lab.close();
    throw err;
  }
}

function startReceiver(lab: NetLab, ns: string, args: string[], timeoutMs: number): ReceiverRun {
  const child = lab.spawn(ns, process.execPath, ["--import", "tsx", "sim/flute/receive-main.ts", ...args], {
    cwd: REPO,
  });
  let out = "";
  let err = "";
  let onJoined: () => void = () => undefined;
  const joined = new Promise<void>((resolve) => (onJoined = resolve));
  child.stdout?.on("data", (d: Buffer) => {
    out += d.toString();
    if (out.includes('{"joined":true}')) onJoined();
  });
  child.stderr?.on("data", (d: Buffer) => (err += d.toString()));
  const result = new Promise<Record<string, unknown>>((resolve) => {
    const kill = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.once("exit", (code, signal) => {
      clearTimeout(kill);
      onJoined();
      const last = out.trim().split("\n").pop() ?? "";
      try {
        resolve(JSON.parse(last) as Record<string, unknown>);
      } catch {
        resolve({
          ok: false,
          code: "crash",
          exit: code,
          signal,
          stderr: err.slice(-2000),
          stdout: out.slice(-500),
        });
      }
    });
  });
  return { child, joined, result };
}

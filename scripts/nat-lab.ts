// Demo: set-top boxes behind real home NATs for an ACS running on this machine (TR-111).
//   sudo npx tsx scripts/nat-lab.ts [--homes 3] [--cwmp-port 7547] [--stun-port 3478] [--seed 42]
// Builds a network lab (tests/support/nat-lab.ts: one namespace per gateway doing nftables masquerade,
// one per box), forwards the lab's bridge address 10.251.90.1 to the ACS on loopback, and runs a
// simulator process (a gateway and a box) in each home. Start the ACS with
//   STUN_ENABLED=true STUN_PUBLIC_ADDRESS=10.251.90.1 CONNECTION_REQUEST_ALLOWED_NETWORKS=127.0.0.0/8,10.251.90.0/24
// and create a profile from the "TR-111 NAT traversal (boxes)" template: the boxes open STUN bindings
// through their NATs and the device page's Refresh reaches them by UDP. Ctrl-C removes the lab.
// Without root / `ip netns` (no namespaces) the boxes run on loopback with --stun-assume-nat instead,
// so the UDP path still shows, without a real NAT.
import { spawn, type ChildProcess } from "node:child_process";
import { parseArgs } from "node:util";
import { NatLab } from "../tests/support/nat-lab";
import { netnsAvailable } from "../tests/support/netns";

const { values: a } = parseArgs({
  options: {
    homes: { type: "string", default: "3" },
    "cwmp-port": { type: "string", default: "7547" },
    "stun-port": { type: "string", default: "3478" },
    seed: { type: "string", default: "42" },
  },
});
const homes = Math.max(1, Math.min(20, Number(a.homes) || 1));
const cwmpPort = Number(a["cwmp-port"]);
const stunPort = Number(a["stun-port"]);
const seed = Number(a.seed) || 42;
const simArgs = (acs: string, crHost: string, i: number) => [
  "--import",
  "tsx",
  "sim/main.ts",
  ...["--acs", acs, "--devices", "2", "--stb-ratio", "0.5", "--seed", String(seed + i)],
  ...["--cr-host", crHost, "--periodic", "60", "--log-level", "info"],
];

let lab: NatLab | undefined;
const children: ChildProcess[] = [];
if (netnsAvailable()) {
  lab = new NatLab("demo", "10.251.90");
  lab.forwardToLoopback([cwmpPort], [stunPort]);
  for (let i = 1; i <= homes; i++) {
    const home = lab.addHome(i);
    const acs = `http://${lab.acsAddress}:${cwmpPort}/`;
    const child = lab.spawnInBox(home, process.execPath, simArgs(acs, home.boxAddress, i), {
      stdio: "inherit",
    });
    children.push(child);
    console.log(
      `home ${i}: box ${home.boxAddress} behind ${home.wanAddress} (gateway namespace ${home.gateway})`,
    );
  }
} else {
  console.log("no network namespaces here (root and iproute2 needed): boxes on loopback, NAT assumed");
  for (let i = 1; i <= homes; i++) {
    const args = [...simArgs(`http://127.0.0.1:${cwmpPort}/`, "127.0.0.1", i), "--stun-assume-nat"];
    children.push(spawn(process.execPath, args, { stdio: "inherit" }));
  }
}

async function stop(): Promise<void> {
  for (const c of children) c.kill("SIGTERM");
  await lab?.close();
  process.exit(0);
}
process.once("SIGINT", () => void stop());
process.once("SIGTERM", () => void stop());

// HAProxy in front of bench/storm.ts's nodes, with the configuration the cluster ships
// (deploy/haproxy-config.ts: leastconn, the session cookie prefixed with the node's name). Only the
// CWMP backend matters here: the nodes run without console, file server or collector, so those
// backends just stay down. Installed when missing (scripts/ensure-haproxy.sh, where the machine allows);
// undefined when it still is not there.
import { spawn, spawnSync } from "node:child_process";
import { createWriteStream, writeFileSync } from "node:fs";
import { connect } from "node:net";
import path from "node:path";
import { haproxyConfig } from "../deploy/haproxy-config";
import { freePort } from "../tests/support/server-process";

export interface StormProxy {
  url: string;
  stop(): Promise<void>;
}

export async function startStormProxy(nodeUrls: string[], dir: string): Promise<StormProxy | undefined> {
  if (spawnSync("haproxy", ["-v"]).status !== 0) {
    spawnSync("bash", [path.join(import.meta.dirname, "../scripts/ensure-haproxy.sh")], { stdio: "inherit" });
    if (spawnSync("haproxy", ["-v"]).status !== 0) return undefined;
  }
  const unused = await freePort();
  const cwmp = await freePort();
  const config = haproxyConfig({
    nodes: nodeUrls.map((u, i) => ({
      name: `n${i + 1}`,
      host: "127.0.0.1",
      ports: { cwmp: Number(new URL(u).port), web: unused, file: unused, bulkdata: unused },
    })),
    bindHost: "127.0.0.1",
    listen: { cwmp, web: await freePort(), file: await freePort(), bulkdata: await freePort() },
    cwmpSessionTimeoutSeconds: 30,
    // A node busy with a storm answers its health check late; checked at the shipped 2 s, it was
    // marked down and HAProxy cut its sessions (shutdown-sessions): every CPE's session hung up.
    checkIntervalMs: Number(process.env.STORM_HAPROXY_CHECK_MS ?? 10_000),
    // Two descriptors per proxied connection, within this machine's limit of 20,000.
    maxConnections: 9000,
    // Its log (every request's timings and termination state, every health check that changed a
    // server's state) goes to haproxy.log beside the nodes' logs: what to read when sessions are cut.
    log: "stderr format raw local0 info",
  });
  const file = path.join(dir, "haproxy.cfg");
  writeFileSync(file, config);
  const child = spawn("haproxy", ["-db", "-f", file], { stdio: ["ignore", "ignore", "pipe"] });
  let output = "";
  const log = createWriteStream(path.join(dir, "haproxy.log"));
  child.stderr.on("data", (d: Buffer) => {
    output = (output + d.toString()).slice(-8192);
    log.write(d);
  });
  child.once("exit", () => log.end());
  // Up when its CWMP frontend accepts connections (the nodes' health checks follow within a second).
  const deadline = Date.now() + 15_000;
  while (!(await accepts(cwmp))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`haproxy did not start: ${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await new Promise((r) => setTimeout(r, 2500));
  return {
    url: `http://127.0.0.1:${cwmp}/`,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null) child.kill("SIGKILL");
    },
  };
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

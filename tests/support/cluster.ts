// N Vantage nodes (server/main.ts child processes) on one PostgreSQL behind HAProxy, all on loopback
// with free ports: what the 3-node test and `npm run cluster` start. Each node has its own data
// directory; the secrets key file and the firmware store are shared, as a real cluster needs.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { haproxyConfig, type ClusterNode, type ClusterPorts } from "../../deploy/haproxy-config";
import { freePort, startServerProcess } from "./server-process";
import { waitFor } from "./test-server";

export interface ClusterOptions {
  nodes: number;
  databaseUrl: string;
  /** Settings every node gets on top of the cluster's own (short timeouts in tests). */
  env?: Record<string, string>;
  /** HAProxy's frontend ports (default: free ports). */
  listen?: Partial<ClusterPorts>;
  /** HAProxy's connection limit (default 4,000; it needs about twice as many file descriptors). */
  maxConnections?: number;
  /** HAProxy's health-check interval (ms). */
  checkIntervalMs?: number;
  /** Print HAProxy's and the nodes' output (the try-out script); tests keep it. */
  inheritOutput?: boolean;
}

export interface RunningNode {
  name: string;
  /** NODE_ID: the name on the session locks it takes */
  id: string;
  ports: ClusterPorts;
  child: ChildProcess;
  /** What the node printed since it started (its warnings and errors with LOG_LEVEL=warn) */
  output(): string;
}

export interface Cluster {
  nodes: RunningNode[];
  /** What CPEs and browsers are given: HAProxy's frontends */
  urls: { cwmp: string; web: string; file: string; bulkdata: string };
  /** Files the nodes share: the secrets key, the firmware store */
  shared: { secretsFile: string; firmwareDir: string };
  haproxyConfig: string;
  /** HAProxy's log so far (one line per request) */
  haproxyLog(): string;
  /** HAProxy's view of each CWMP server: "UP", "DOWN", "MAINT" ... */
  cwmpStates(): Promise<Record<string, string>>;
  /** SIGKILL a node and wait until its process is gone. */
  kill(name: string): Promise<void>;
  stop(): Promise<void>;
}

export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  const dir = mkdtempSync(path.join(tmpdir(), "vantage-cluster-"));
  const children: ChildProcess[] = [];
  // A test runner that exits without running its hooks must not leave nodes and HAProxy behind.
  const killAll = (): void => {
    for (const child of children)
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  };
  process.once("exit", killAll);
  const stop = async (): Promise<void> => {
    process.off("exit", killAll);
    await Promise.all(children.map((child) => killAndWait(child, "SIGKILL")));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    return await start(options, dir, children, stop);
  } catch (error) {
    await stop();
    throw error;
  }
}

async function start(
  options: ClusterOptions,
  dir: string,
  children: ChildProcess[],
  stop: () => Promise<void>,
): Promise<Cluster> {
  const listen: ClusterPorts = {
    cwmp: options.listen?.cwmp ?? (await freePort()),
    web: options.listen?.web ?? (await freePort()),
    file: options.listen?.file ?? (await freePort()),
    bulkdata: options.listen?.bulkdata ?? (await freePort()),
  };
  const urls = {
    cwmp: `http://127.0.0.1:${listen.cwmp}/`,
    web: `http://127.0.0.1:${listen.web}`,
    file: `http://127.0.0.1:${listen.file}`,
    bulkdata: `http://127.0.0.1:${listen.bulkdata}/bulkdata`,
  };
  const shared = { secretsFile: path.join(dir, "secrets.json"), firmwareDir: path.join(dir, "firmware") };
  mkdirSync(shared.firmwareDir);
  const planned: ClusterNode[] = [];
  for (let i = 1; i <= options.nodes; i++) {
    planned.push({
      name: `n${i}`,
      host: "127.0.0.1",
      ports: {
        cwmp: await freePort(),
        web: await freePort(),
        file: await freePort(),
        bulkdata: await freePort(),
      },
    });
  }
  const sessionTimeout = Number(options.env?.CWMP_SESSION_TIMEOUT ?? 30);
  const config = haproxyConfig({
    nodes: planned,
    bindHost: "127.0.0.1",
    listen,
    cwmpSessionTimeoutSeconds: sessionTimeout,
    checkIntervalMs: options.checkIntervalMs ?? 1000,
    // Within an unprivileged process's file limit unless asked for more (a storm bench).
    maxConnections: options.maxConnections ?? 4000,
    statsSocket: path.join(dir, "haproxy.sock"),
    // One line per request: which node answered, how it ended (kept in memory for failure reports).
    log: "stderr format raw local0",
  });
  const configFile = path.join(dir, "haproxy.cfg");
  writeFileSync(configFile, config);

  const envOf = (node: ClusterNode): Record<string, string> => ({
    DATABASE_URL: options.databaseUrl,
    DATA_DIR: path.join(dir, node.name),
    SECRETS_FILE: shared.secretsFile,
    FIRMWARE_DIR: shared.firmwareDir,
    NODE_ID: `${node.name}@127.0.0.1`,
    HOST: "127.0.0.1",
    PORT: String(node.ports.web),
    CWMP_PORT: String(node.ports.cwmp),
    FILE_PORT: String(node.ports.file),
    BULKDATA_PORT: String(node.ports.bulkdata),
    // CPEs, downloads and reports go through HAProxy, whichever node queued the work.
    PUBLIC_URL: urls.web,
    FILE_PUBLIC_URL: urls.file,
    BULKDATA_PUBLIC_URL: urls.bulkdata,
    TRUSTED_PROXIES: "127.0.0.1",
    NODE_ENV: "production",
    ...options.env,
  });
  // The first node creates the schema and the secrets file; the others start together after it.
  const [first, ...rest] = planned;
  if (!first) throw new Error("a cluster needs at least one node");
  const nodes: RunningNode[] = [];
  const launch = async (node: ClusterNode): Promise<RunningNode> => {
    mkdirSync(path.join(dir, node.name));
    const child = await startServerProcess(envOf(node), children);
    let output = "";
    const keep = (d: Buffer): void => {
      // The newest 64 KiB: enough to say why a test failed, bounded however long the node runs.
      output = (output + d.toString()).slice(-65_536);
    };
    child.stdout?.on("data", keep);
    child.stderr?.on("data", keep);
    if (options.inheritOutput) {
      child.stdout?.pipe(process.stdout);
      child.stderr?.pipe(process.stderr);
    }
    return { name: node.name, id: envOf(node).NODE_ID!, ports: node.ports, child, output: () => output };
  };
  nodes.push(await launch(first));
  nodes.push(...(await Promise.all(rest.map(launch))));

  const haproxy = spawn("haproxy", ["-db", "-f", configFile], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(haproxy);
  let haproxyOutput = "";
  haproxy.stdout?.on("data", (d: Buffer) => (haproxyOutput += d.toString()));
  haproxy.stderr?.on("data", (d: Buffer) => (haproxyOutput += d.toString()));
  if (options.inheritOutput) haproxy.stderr?.pipe(process.stderr);
  const socket = path.join(dir, "haproxy.sock");
  const cwmpStates = async (): Promise<Record<string, string>> => {
    const csv = await runtimeCommand(socket, "show stat");
    const states: Record<string, string> = {};
    for (const line of csv.split("\n")) {
      const [proxy, server, ...fields] = line.split(",");
      // CSV columns: pxname, svname, ..., status is the 18th.
      if (proxy === "vantage_cwmp" && server && server !== "BACKEND") states[server] = fields[15] ?? "";
    }
    return states;
  };
  try {
    await waitFor(async () => {
      if (haproxy.exitCode !== null) throw new Error(`haproxy exited: ${haproxyOutput}`);
      const states: Record<string, string> = await cwmpStates().catch(() => ({}));
      return nodes.every((n) => states[n.name] === "UP");
    }, 30_000);
  } catch (error) {
    throw new Error(`HAProxy did not see every node up: ${(error as Error).message}\n${haproxyOutput}`);
  }

  return {
    nodes,
    urls,
    shared,
    haproxyConfig: config,
    haproxyLog: () => haproxyOutput,
    cwmpStates,
    async kill(name) {
      const node = nodes.find((n) => n.name === name);
      if (!node) throw new Error(`no node ${name}`);
      await killAndWait(node.child, "SIGKILL");
    },
    stop,
  };
}

function killAndWait(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill(signal);
  return exited;
}

/** One command on HAProxy's runtime API (a UNIX socket), its whole answer. */
function runtimeCommand(socketPath: string, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(socketPath);
    let answer = "";
    socket.setTimeout(2000, () => socket.destroy(new Error("HAProxy runtime API timed out")));
    socket.on("connect", () => socket.end(`${command}\n`));
    socket.on("data", (d: Buffer) => (answer += d.toString()));
    socket.on("end", () => resolve(answer));
    socket.on("error", reject);
  });
}

// Try-out: N Vantage nodes on one PostgreSQL behind HAProxy, on this machine (loopback only).
//   npm run cluster -- --nodes 3 [--cwmp-port 7547] [--web-port 3000] [--file-port 7549] [--bulkdata-port 7550]
// The database: DATABASE_URL when set, else a throw-away PostgreSQL cluster (bench/postgres.ts). HAProxy
// listens on the given ports with the configuration deploy/haproxy-config.ts writes (printed with
// --print-config); each node gets free ports of its own, its own data directory, and the shared
// secrets file and firmware store. Point CPEs (e.g. `npm run sim -- --acs http://127.0.0.1:7547/`)
// and a browser at HAProxy, kill a node (its pid is printed) and watch the others take over. Ctrl-C
// stops everything. Needs haproxy (scripts/ensure-haproxy.sh) and a production build (`npx next build`).
import { parseArgs } from "node:util";
import { z } from "zod";
import { openBenchDatabase } from "../bench/postgres";
import { startCluster } from "../tests/support/cluster";

const port = z.coerce.number().int().min(1).max(65535);
const args = z
  .object({
    nodes: z.coerce.number().int().min(1).max(9),
    "cwmp-port": port,
    "web-port": port,
    "file-port": port,
    "bulkdata-port": port,
    "print-config": z.boolean(),
  })
  .parse(
    parseArgs({
      options: {
        nodes: { type: "string", default: "3" },
        "cwmp-port": { type: "string", default: "7547" },
        "web-port": { type: "string", default: "3000" },
        "file-port": { type: "string", default: "7549" },
        "bulkdata-port": { type: "string", default: "7550" },
        "print-config": { type: "boolean", default: false },
      },
    }).values,
  );

const database = process.env.DATABASE_URL ? undefined : await openBenchDatabase();
if (database && "skipped" in database) {
  console.error(`no database: ${database.skipped} (set DATABASE_URL)`);
  process.exit(1);
}
const databaseUrl = process.env.DATABASE_URL ?? database!.url;
const adminPassword = process.env.ADMIN_PASSWORD ?? "cluster-admin";
const cluster = await startCluster({
  nodes: args.nodes,
  databaseUrl,
  listen: {
    cwmp: args["cwmp-port"],
    web: args["web-port"],
    file: args["file-port"],
    bulkdata: args["bulkdata-port"],
  },
  env: {
    ADMIN_PASSWORD: adminPassword,
    LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
    CONNECTION_REQUEST_ALLOWED_NETWORKS: "127.0.0.0/8",
  },
  inheritOutput: true,
});

if (args["print-config"]) console.log(cluster.haproxyConfig);
console.log(`\n${args.nodes} nodes behind HAProxy on one PostgreSQL`);
console.log(`  console:  ${cluster.urls.web}  (admin / ${adminPassword})`);
console.log(`  ACS URL:  ${cluster.urls.cwmp}`);
console.log(`  files:    ${cluster.urls.file}   BulkData: ${cluster.urls.bulkdata}`);
for (const node of cluster.nodes) {
  console.log(`  ${node.name}: pid ${node.child.pid}, CWMP ${node.ports.cwmp}, web ${node.ports.web}`);
}
console.log("Ctrl-C stops the cluster.");

let stopping = false;
const stop = (): void => {
  if (stopping) return;
  stopping = true;
  void cluster
    .stop()
    .then(() => database?.close())
    .finally(() => process.exit(0));
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);

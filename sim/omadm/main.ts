// CLI: npx tsx sim/omadm/main.ts --server http://127.0.0.1:7551/ --devices 5 [--wbxml] [--hmac] [--seed 1]
//   [--password P (default OMADM_DEFAULT_CLIENT_PASSWORD)] [--server-id vantage] [--failure-rate 0]
//   [--max-msg-size 16384] [--interval S (client-initiated sessions, 0 = only at start)] [--duration S]
// Simulated OMA DM mobiles: each opens a client-initiated session (Alert 1201) at start, answers
// package 0 (UDP on loopback) with a server-initiated one (Alert 1200), and reports FUMO results.
import { parseArgs } from "node:util";
import { startFleet } from "./fleet";

const { values } = parseArgs({
  options: {
    server: { type: "string", default: "http://127.0.0.1:7551/" },
    devices: { type: "string", default: "5" },
    wbxml: { type: "boolean", default: false },
    hmac: { type: "boolean", default: false },
    seed: { type: "string", default: "1" },
    password: { type: "string", default: process.env.OMADM_DEFAULT_CLIENT_PASSWORD ?? "" },
    "server-id": { type: "string", default: "vantage" },
    "failure-rate": { type: "string", default: "0" },
    "max-msg-size": { type: "string", default: "16384" },
    interval: { type: "string", default: "0" },
    duration: { type: "string", default: "0" },
  },
});

async function main(): Promise<void> {
  if (!values.password) throw new Error("--password (or OMADM_DEFAULT_CLIENT_PASSWORD) is required");
  const fleet = await startFleet({
    serverUrl: values.server,
    devices: Number(values.devices),
    seed: Number(values.seed),
    encoding: values.wbxml ? "wbxml" : "xml",
    password: values.password,
    serverId: values["server-id"],
    failureRate: Number(values["failure-rate"]),
    maxMsgSize: Number(values["max-msg-size"]),
    auth: values.hmac ? "hmac" : "md5",
  });
  const run = async () => {
    const reports = await Promise.all(fleet.mobiles.map((m) => m.session(1201)));
    const failed = reports.filter((r) => !r.ok);
    console.log(
      `${reports.length - failed.length}/${reports.length} sessions ok${failed[0] ? `; first failure: ${failed[0].reason}` : ""}`,
    );
  };
  await run();
  const interval = Number(values.interval);
  const timer = interval > 0 ? setInterval(() => void run(), interval * 1000) : undefined;
  const stop = async () => {
    if (timer) clearInterval(timer);
    await fleet.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
  const duration = Number(values.duration);
  if (duration > 0) setTimeout(() => void stop(), duration * 1000);
  console.log(
    `${fleet.mobiles.length} mobiles listening for package 0 (${fleet.listeners[0]?.address ?? "-"} ...)`,
  );
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});

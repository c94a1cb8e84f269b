// How many waiting connections a busy node accepts, by descriptors of its listening socket
// (server/cwmp/transport/listener-copies.ts). For each count: a listener with that many descriptors in
// this process, whose event loop does `--turn-ms` of work per turn (a node busy with a storm's
// sessions); a client in another process opens `--connections` connections to it at once; reported:
// how many were accepted within `--seconds`. Loopback only; bounded in connections and time.
//   npx tsx bench/accept-rate.ts [--descriptors 1,9,17] [--connections 3000] [--seconds 5] [--turn-ms 20]
import { spawn } from "node:child_process";
import net from "node:net";
import { parseArgs } from "node:util";
import { intOption } from "./args";
import pino from "pino";
import { addListenerCopies } from "../server/cwmp/transport/listener-copies";

const { values: a } = parseArgs({
  options: {
    descriptors: { type: "string", default: "1,9,17" },
    connections: { type: "string", default: "3000" },
    seconds: { type: "string", default: "5" },
    "turn-ms": { type: "string", default: "20" },
  },
});
const int = intOption;
const connections = int("connections", a.connections, 1, 10_000);
const seconds = int("seconds", a.seconds, 1, 60);
const turnMs = int("turn-ms", a["turn-ms"], 0, 1000);
const counts = a.descriptors.split(",").map((d) => int("descriptors", d.trim(), 1, 64));
const log = pino({ level: "warn" });

async function run(descriptors: number): Promise<number> {
  let accepted = 0;
  const server = net.createServer((socket) => {
    accepted++;
    socket.destroy();
  });
  await new Promise<void>((resolve) =>
    server.listen({ host: "127.0.0.1", port: 0, backlog: 16_384 }, resolve),
  );
  const copies = addListenerCopies(server, descriptors - 1, 16_384, log);
  await copies.ready;
  const { port } = server.address() as net.AddressInfo;
  // The client: its connections wait in the accept queue until a descriptor of this loop takes them.
  const client = spawn(
    process.execPath,
    [
      "-e",
      `const net = require("node:net");
       for (let i = 0; i < ${connections}; i++) net.connect(${port}, "127.0.0.1").on("error", () => {});
       setTimeout(() => process.exit(0), ${(seconds + 2) * 1000});`,
    ],
    { stdio: "ignore" },
  );
  const until = Date.now() + seconds * 1000;
  await new Promise<void>((resolve) => {
    const turn = (): void => {
      const busyUntil = Date.now() + turnMs;
      while (Date.now() < busyUntil) {
        /* a turn's work */
      }
      if (Date.now() < until) setImmediate(turn);
      else resolve();
    };
    setImmediate(turn);
  });
  const result = accepted;
  client.kill();
  copies.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return result;
}

console.log(
  `accept rate: ${connections} connections at once, the loop doing ${turnMs} ms per turn, ${seconds} s each`,
);
for (const descriptors of counts) {
  const accepted = await run(descriptors);
  console.log(
    `${String(descriptors).padStart(3)} descriptor(s): ${String(accepted).padStart(5)} accepted, ${(accepted / seconds).toFixed(0)}/s`,
  );
}

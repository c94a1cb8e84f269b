// A FLUTE receiver as its own process, so tests and the benchmark can run receivers inside network
// namespaces (really separate hosts). Prints one JSON line on stdout and exits 0 (received) or 1.
//   tsx sim/flute/receive-main.ts --group G --port P --tsi N [--toi N] [--source S] [--interface A]
//       [--timeout-ms 60000] [--max-bytes 104857600]
//   ... --fleet 50 --loss 0.05 --seed 1    (benchmark: 50 simulated receivers on one socket)
import { createHash } from "node:crypto";
import { createSocket } from "node:dgram";
import { parseArgs } from "node:util";
import { ReceiverFleet } from "./fleet";
import { FluteReceiveError, receiveFluteFile } from "./receiver";

const { values } = parseArgs({
  options: {
    group: { type: "string" },
    port: { type: "string" },
    tsi: { type: "string" },
    toi: { type: "string" },
    source: { type: "string" },
    interface: { type: "string" },
    "timeout-ms": { type: "string", default: "60000" },
    "max-bytes": { type: "string", default: String(100 * 1024 * 1024) },
    fleet: { type: "string" },
    loss: { type: "string", default: "0" },
    seed: { type: "string", default: "1" },
  },
});

const num = (name: string, v: string | undefined): number => {
  const n = Number(v);
  if (v === undefined || !Number.isFinite(n) || n < 0) throw new Error(`--${name}: a number is required`);
  return n;
};
const print = (o: unknown): void => void process.stdout.write(`${JSON.stringify(o)}\n`);

async function single(): Promise<void> {
  const started = performance.now();
  try {
    const r = await receiveFluteFile({
      group: values.group!,
      port: num("port", values.port),
      tsi: num("tsi", values.tsi),
      ...(values.toi ? { toi: num("toi", values.toi) } : {}),
      ...(values.source ? { source: values.source } : {}),
      ...(values.interface ? { interfaceAddress: values.interface } : {}),
      timeoutMs: num("timeout-ms", values["timeout-ms"]),
      maxBytes: num("max-bytes", values["max-bytes"]),
      onJoined: () => print({ joined: true }),
    });
    const { data, ...rest } = r;
    const md5 = createHash("md5").update(data).digest("base64");
    print({ ok: true, ...rest, size: data.length, md5, ms: Math.round(performance.now() - started) });
  } catch (err) {
    const code = err instanceof FluteReceiveError ? err.code : "error";
    print({ ok: false, code, message: err instanceof Error ? err.message : String(err) });
    process.exitCode = 1;
  }
}

async function fleet(): Promise<void> {
  const f = new ReceiverFleet({
    receivers: num("fleet", values.fleet),
    loss: num("loss", values.loss),
    seed: num("seed", values.seed),
    tsi: num("tsi", values.tsi),
    maxBytes: num("max-bytes", values["max-bytes"]),
    ...(values.toi ? { toi: num("toi", values.toi) } : {}),
  });
  const socket = createSocket({ type: "udp4", reuseAddr: true });
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, num("timeout-ms", values["timeout-ms"]));
    socket.on("message", (msg, rinfo) => {
      if (values.source && rinfo.address !== values.source) return;
      f.handle(msg);
      if (f.done) {
        clearTimeout(timer);
        resolve();
      }
    });
    socket.bind(num("port", values.port), () => {
      socket.setRecvBufferSize(8 * 1024 * 1024);
      if (values.source) socket.addSourceSpecificMembership(values.source, values.group!, values.interface);
      else socket.addMembership(values.group!, values.interface);
      print({ joined: true });
    });
  });
  socket.close();
  const r = f.result();
  print({ ok: r.completed === r.receivers && r.md5Ok, ...r });
  if (!(r.completed === r.receivers && r.md5Ok)) process.exitCode = 1;
}

await (values.fleet ? fleet() : single());

// A client in its own process (so that it keeps running while a test blocks the server's event loop):
// reads a JSON list of raw HTTP requests as its first line on stdin, prints "ready", waits for a second
// line, then sends them all at once, each on its own connection, chunk by chunk, and prints one JSON line
// with what came back (status, headers, body, ms after "go"). Loopback only; every request is bounded.
import net from "node:net";

export interface RawRequest {
  name: string;
  port: number;
  /** Written in order, `gapMs` apart (a head split across packets, a body after its head). */
  chunks: string[];
  gapMs?: number;
}

export interface RawResponse {
  name: string;
  status?: number;
  headers: Record<string, string>;
  body: string;
  ms: number;
  error?: string;
}

const TIMEOUT_MS = 20_000;

function exchange(request: RawRequest, go: number): Promise<RawResponse> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port: request.port });
    let received = Buffer.alloc(0);
    const result: RawResponse = { name: request.name, headers: {}, body: "", ms: 0 };
    let done = false;
    const finish = (error?: string): void => {
      if (done) return;
      done = true;
      result.ms = Math.round(performance.now() - go);
      if (error && result.status === undefined) result.error = error;
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(TIMEOUT_MS, () => finish("timeout"));
    socket.on("error", (err) => finish(err.message));
    socket.on("close", () => finish("closed"));
    socket.on("data", (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const end = received.indexOf("\r\n\r\n");
      if (end < 0 || result.status !== undefined) return;
      const [statusLine, ...lines] = received.toString("latin1", 0, end).split("\r\n");
      for (const line of lines) {
        const colon = line.indexOf(":");
        result.headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      const length = Number(result.headers["content-length"] ?? 0);
      if (received.length - end - 4 < length) return;
      result.status = Number(statusLine?.split(" ")[1]);
      result.body = received.toString("utf8", end + 4, end + 4 + length);
      finish();
    });
    socket.on("connect", () => {
      let i = 0;
      const next = (): void => {
        const chunk = request.chunks[i++];
        if (chunk === undefined) return;
        socket.write(chunk);
        setTimeout(next, request.gapMs ?? 0);
      };
      next();
    });
  });
}

let input = "";
let requests: RawRequest[] | undefined;
process.stdin.on("data", (chunk: Buffer) => {
  input += chunk.toString();
  const lines = input.split("\n");
  if (!requests && lines.length > 1) {
    requests = JSON.parse(lines[0]!) as RawRequest[];
    process.stdout.write("ready\n");
  }
  if (requests && lines.length > 2) {
    process.stdin.pause();
    const go = performance.now();
    void Promise.all(requests.map((r) => exchange(r, go))).then((responses) => {
      process.stdout.write(`${JSON.stringify(responses)}\n`);
      process.exit(0);
    });
  }
});

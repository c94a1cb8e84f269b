// The load generator: one loop per simulated CPE, each doing whole steady-state sessions over its
// own keep-alive connection (POST Inform -> 200 InformResponse, POST empty + cookie -> 204).
import http from "node:http";
import { fill, informResponseTemplate, type BenchDevice, type Template } from "./devices";

interface Answer {
  status: number;
  body: string;
  cookie?: string;
}

export class BenchCpe {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  private readonly url: URL;
  private seq = 0;

  constructor(
    readonly device: BenchDevice,
    acsUrl: string,
  ) {
    this.url = new URL(acsUrl);
  }

  private post(body: string, cookie?: string): Promise<Answer> {
    const headers: http.OutgoingHttpHeaders = { "Content-Length": Buffer.byteLength(body) };
    if (body !== "") {
      headers["Content-Type"] = 'text/xml; charset="utf-8"';
      headers.SOAPAction = "";
    }
    if (cookie) headers.Cookie = cookie;
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          host: this.url.hostname,
          port: this.url.port,
          path: this.url.pathname,
          method: "POST",
          headers,
          agent: this.agent,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => {
            const setCookie = res.headers["set-cookie"]?.[0];
            resolve({
              status: res.statusCode ?? 0,
              body: chunks.length ? Buffer.concat(chunks).toString("utf8") : "",
              cookie: setCookie?.split(";")[0],
            });
          });
          res.on("error", reject);
        },
      );
      req.on("error", reject);
      req.end(body);
    });
  }

  /**
   * One whole session; resolves to undefined when it was exactly Inform -> InformResponse (same
   * bytes as expected, our cwmp:ID echoed, a cookie set) -> empty POST -> 204, else to what went wrong.
   */
  async session(expected: Template): Promise<string | undefined> {
    const id = `${this.device.serial}-${(++this.seq).toString(36)}`;
    const first = await this.post(fill(this.device.inform, id));
    if (first.status !== 200) return `Inform answered with HTTP ${first.status}`;
    if (first.body !== fill(expected, id)) return `Inform answered with ${first.body.slice(0, 200)}`;
    if (!first.cookie) return "InformResponse without a session cookie";
    const second = await this.post("", first.cookie);
    if (second.status !== 204)
      return `empty POST answered with HTTP ${second.status}: ${second.body.slice(0, 200)}`;
    return undefined;
  }

  close(): void {
    this.agent.destroy();
  }
}

export interface LoadResult {
  sessions: number;
  errors: number;
  firstErrors: string[];
  /** session latencies in ms (Inform sent -> 204 received) */
  latencies: Float64Array;
  elapsedMs: number;
}

export interface LoadOptions {
  durationMs: number;
  maxSessions: number;
  /** Start sessions at this rate at most (all CPEs together); absent: as fast as the target answers. */
  ratePerSecond?: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Run every CPE's session loop until the time or the session budget is used up. */
export async function runLoad(cpes: BenchCpe[], opts: LoadOptions): Promise<LoadResult> {
  const expected = informResponseTemplate();
  const latencies = new Float64Array(opts.maxSessions);
  const firstErrors: string[] = [];
  let started = 0;
  let sessions = 0;
  let errors = 0;
  const t0 = performance.now();
  const deadline = t0 + opts.durationMs;
  const loop = async (cpe: BenchCpe): Promise<void> => {
    while (performance.now() < deadline && started < opts.maxSessions) {
      const slot = started++;
      if (opts.ratePerSecond) {
        // The n-th session starts no earlier than n / rate after the start (one schedule for all CPEs).
        const wait = t0 + (slot / opts.ratePerSecond) * 1000 - performance.now();
        if (wait > 0) await sleep(wait);
        if (performance.now() >= deadline) break;
      }
      const s0 = performance.now();
      let problem: string | undefined;
      try {
        problem = await cpe.session(expected);
      } catch (error) {
        problem = error instanceof Error ? error.message : String(error);
      }
      if (problem === undefined) latencies[sessions++] = performance.now() - s0;
      else {
        errors++;
        if (firstErrors.length < 5) firstErrors.push(`${cpe.device.serial}: ${problem}`);
      }
    }
  };
  await Promise.all(cpes.map(loop));
  return {
    sessions,
    errors,
    firstErrors,
    latencies: latencies.subarray(0, sessions),
    elapsedMs: performance.now() - t0,
  };
}

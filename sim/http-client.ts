// The CPE side of one CWMP HTTP session: keep-alive connection, cookies the ACS sets, and HTTP
// Basic/Digest answered on a 401 (then sent pre-emptively with an increasing nonce count).
import http from "node:http";
import { basicAuthorization, digestAuthorization, parseAuthParams } from "../server/cwmp/transport/digest";

export interface HttpReply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A CPE waits at most this long when an ACS asks it to come back later (a bad header must not park it). */
export const MAX_RETRY_AFTER_MS = 600_000;

/**
 * The wait a 503's Retry-After asks for (RFC 7231 §7.1.3: delay-seconds or an HTTP-date), in ms,
 * bounded to [0, MAX_RETRY_AFTER_MS]; undefined when absent or unreadable.
 */
export function retryAfterMs(headers: http.IncomingHttpHeaders, now = Date.now()): number | undefined {
  const value = headers["retry-after"]?.trim();
  if (!value) return undefined;
  let ms: number;
  if (/^\d+$/.test(value)) ms = Number(value) * 1000;
  else {
    // An HTTP-date starts with the day's name (all three RFC 7231 formats); Date.parse alone would
    // read "-5" as a year.
    const at = /^[A-Za-z]{3}/.test(value) ? Date.parse(value) : Number.NaN;
    if (Number.isNaN(at)) return undefined;
    ms = at - now;
  }
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, ms));
}

export class CpeHttpClient {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  private readonly cookies = new Map<string, string>();
  private challenge: Record<string, string> | null = null;
  private basic = false;
  private nc = 0;
  readonly url: URL;

  constructor(
    url: string,
    private readonly username: string,
    private readonly password: string,
    private readonly timeoutMs = 30_000,
  ) {
    this.url = new URL(url);
  }

  private authorization(): string | undefined {
    if (this.basic) return basicAuthorization(this.username, this.password);
    if (!this.challenge) return undefined;
    return digestAuthorization({
      method: "POST",
      uri: this.url.pathname + this.url.search,
      username: this.username,
      password: this.password,
      challenge: this.challenge,
      nc: ++this.nc,
    });
  }

  private storeCookies(headers: http.IncomingHttpHeaders): void {
    for (const line of headers["set-cookie"] ?? []) {
      const pair = line.split(";")[0] ?? "";
      const eq = pair.indexOf("=");
      if (eq > 0) this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
  }

  private send(body: string): Promise<HttpReply> {
    const headers: http.OutgoingHttpHeaders = { "content-length": Buffer.byteLength(body) };
    if (body !== "") {
      headers["content-type"] = 'text/xml; charset="utf-8"';
      headers.soapaction = "";
    }
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    const auth = this.authorization();
    if (auth) headers.authorization = auth;
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          agent: this.agent,
          method: "POST",
          hostname: this.url.hostname,
          port: this.url.port || 80,
          path: this.url.pathname + this.url.search,
          headers,
          timeout: this.timeoutMs,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => {
            this.storeCookies(res.headers);
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: Buffer.concat(chunks).toString("utf8"),
            });
          });
          res.on("error", reject);
        },
      );
      req.on("timeout", () => req.destroy(new Error("ACS did not answer in time")));
      req.on("error", reject);
      req.end(body);
    });
  }

  /** POST a message (or "" for an empty POST), answering one authentication challenge. */
  async post(body: string): Promise<HttpReply> {
    let reply = await this.send(body);
    if (reply.status === 401) {
      const header = reply.headers["www-authenticate"] ?? "";
      if (/^digest\s/i.test(header)) {
        this.challenge = parseAuthParams(header.slice(header.indexOf(" ") + 1));
        this.nc = 0;
      } else if (/^basic\b/i.test(header)) this.basic = true;
      else return reply;
      reply = await this.send(body);
    }
    return reply;
  }

  close(): void {
    this.agent.destroy();
  }
}

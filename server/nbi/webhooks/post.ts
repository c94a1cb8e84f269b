// One webhook POST under the connection requests' SSRF rules (cwmp/transport/address-guard.ts): the
// host is resolved at delivery time, the address checked, and the socket pinned to that address
// (DNS cannot switch it between check and connect). No redirect is followed (a 3xx is a failure),
// the answer is read to at most MAX_ANSWER_BYTES and one deadline covers the whole exchange.
import { lookup } from "node:dns/promises";
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { isIP } from "node:net";
import { refusal, type AddressPolicy } from "../../cwmp/transport/address-guard";

export const MAX_ANSWER_BYTES = 64 * 1024;

export type PostResult =
  | { ok: true; status: number; durationMs: number }
  | { ok: false; status?: number; error: string; refused?: true; durationMs: number };

export interface PostRequest {
  url: string;
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
  policy: AddressPolicy;
}

/** Resolve url's host and check the address; the checked address, or why it may not be reached. */
export async function checkTarget(
  url: URL,
  policy: AddressPolicy,
): Promise<{ address: string; family: 4 | 6 } | { refused: string } | { error: string }> {
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  const port = Number(url.port || (url.protocol === "https:" ? 443 : 80));
  try {
    const { address } = isIP(host) ? { address: host } : await lookup(host, { verbatim: true });
    const reason = refusal(address, port, policy);
    if (reason !== null) return { refused: reason.replace("ConnectionRequestURL", "Webhook URL") };
    return { address, family: isIP(address) === 6 ? 6 : 4 };
  } catch (err) {
    return { error: `cannot resolve ${host}: ${err instanceof Error ? err.message : String(err)}` };
  }
}

export async function postWebhook(request: PostRequest): Promise<PostResult> {
  const started = Date.now();
  const elapsed = () => Date.now() - started;
  const url = new URL(request.url);
  const target = await withDeadline(checkTarget(url, request.policy), request.timeoutMs);
  if (target === undefined)
    return { ok: false, error: "timed out resolving the host", durationMs: elapsed() };
  if ("refused" in target) return { ok: false, error: target.refused, refused: true, durationMs: elapsed() };
  if ("error" in target) return { ok: false, error: target.error, durationMs: elapsed() };
  // Every lookup of this request answers the checked address (both callback shapes: `all` or not).
  const pinned: LookupFunction = (_host, options, callback) => {
    if (options.all) callback(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  };
  const client = url.protocol === "https:" ? https : http;
  return new Promise<PostResult>((resolve) => {
    const finish = (result: PostResult) => {
      clearTimeout(timer);
      req.destroy();
      resolve(result);
    };
    const req = client.request(url, {
      method: "POST",
      lookup: pinned,
      agent: false,
      headers: { ...request.headers, "Content-Length": String(Buffer.byteLength(request.body)) },
    });
    const timer = setTimeout(
      () => finish({ ok: false, error: `no answer within ${request.timeoutMs} ms`, durationMs: elapsed() }),
      request.timeoutMs,
    );
    req.on("error", (err) => finish({ ok: false, error: err.message.slice(0, 200), durationMs: elapsed() }));
    req.on("response", (res) => {
      const status = res.statusCode ?? 0;
      let read = 0;
      const done = () =>
        finish(
          status >= 200 && status < 300
            ? { ok: true, status, durationMs: elapsed() }
            : { ok: false, status, error: `receiver answered ${status}`, durationMs: elapsed() },
        );
      // The answer's content is not used: drained up to the bound, then the connection is dropped.
      res.on("data", (chunk: Buffer) => {
        read += chunk.length;
        if (read > MAX_ANSWER_BYTES) done();
      });
      res.on("end", done);
      res.on("error", done);
    });
    req.end(request.body);
  });
}

async function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

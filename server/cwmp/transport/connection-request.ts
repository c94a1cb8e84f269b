// HTTP connection requests (TR-069 3.2.2): GET the CPE's ConnectionRequestURL, answer its Digest (or
// Basic) challenge. Some CPEs answer with bare LF line endings, which Node's strict parser rejects,
// so this client uses the lenient parser; it only ever reads a status line and headers.
import http from "node:http";
import { basicAuthorization, digestAuthorization, parseAuthParams } from "./digest";

export interface ConnectionRequestTarget {
  url: string;
  username?: string;
  password?: string;
  timeoutMs: number;
}

export type ConnectionRequestResult =
  { ok: true; status: number } | { ok: false; status?: number; reason: string };

export async function sendConnectionRequest(
  target: ConnectionRequestTarget,
): Promise<ConnectionRequestResult> {
  let url: URL;
  try {
    url = new URL(target.url);
  } catch {
    return { ok: false, reason: `invalid ConnectionRequestURL ${JSON.stringify(target.url)}` };
  }
  if (url.protocol !== "http:") return { ok: false, reason: `unsupported scheme ${url.protocol}` };
  const uri = `${url.pathname}${url.search}`;
  const first = await get(url, undefined, target.timeoutMs);
  if (first.kind === "error") return { ok: false, reason: first.reason };
  if (first.status === 200 || first.status === 204) return { ok: true, status: first.status };
  if (first.status !== 401 || !first.challenge)
    return { ok: false, status: first.status, reason: `CPE answered ${first.status}` };
  if (target.username === undefined || target.password === undefined) {
    return { ok: false, status: 401, reason: "CPE asks for credentials and none are known" };
  }
  const scheme = first.challenge.slice(0, first.challenge.indexOf(" ")).toLowerCase();
  const authorization =
    scheme === "digest"
      ? digestAuthorization({
          method: "GET",
          uri,
          username: target.username,
          password: target.password,
          challenge: parseAuthParams(first.challenge.slice(7)),
        })
      : basicAuthorization(target.username, target.password);
  const second = await get(url, authorization, target.timeoutMs);
  if (second.kind === "error") return { ok: false, reason: second.reason };
  if (second.status === 200 || second.status === 204) return { ok: true, status: second.status };
  return {
    ok: false,
    status: second.status,
    reason: second.status === 401 ? "CPE rejected the credentials" : `CPE answered ${second.status}`,
  };
}

type Answer = { kind: "answer"; status: number; challenge?: string } | { kind: "error"; reason: string };

function get(url: URL, authorization: string | undefined, timeoutMs: number): Promise<Answer> {
  return new Promise((resolve) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port || 80,
        path: `${url.pathname}${url.search}`,
        method: "GET",
        headers: authorization ? { Authorization: authorization } : {},
        insecureHTTPParser: true,
        agent: false,
        timeout: timeoutMs,
      },
      (res) => {
        res.resume();
        resolve({ kind: "answer", status: res.statusCode ?? 0, challenge: res.headers["www-authenticate"] });
      },
    );
    req.on("timeout", () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on("error", (err) => resolve({ kind: "error", reason: err.message }));
    req.end();
  });
}

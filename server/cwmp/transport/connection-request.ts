// HTTP connection requests (TR-069 3.2.2): GET the CPE's ConnectionRequestURL, answer its Digest
// challenge (Basic only over https, and only when configured: it would send the password in clear).
// The URL's host is resolved once and checked (address-guard.ts) before anything is sent, and the
// socket connects to that checked address, so DNS cannot point elsewhere between check and connect.
// Written on a raw socket because deployed CPE agents answer in ways Node's HTTP
// client refuses or waits on: bare LF line endings, folded (continuation-line) headers, and headers
// ended by closing the connection without a blank line. Only the status line and headers are read,
// never a body, and one deadline covers the whole exchange (both requests), so a CPE that trickles
// bytes cannot hold the caller past it.
import { lookup } from "node:dns/promises";
import net from "node:net";
import tls from "node:tls";
import { refusal, type AddressPolicy } from "./address-guard";
import { basicAuthorization, digestAuthorization, parseAuthParams } from "./digest";

export interface ConnectionRequestTarget {
  url: string;
  username?: string;
  password?: string;
  /** Deadline for the whole exchange (resolve, connect, challenge, answer), not an idle timeout. */
  timeoutMs: number;
  policy: ConnectionRequestPolicy;
}

export interface ConnectionRequestPolicy extends AddressPolicy {
  /** Answer a Basic-only challenge (CONNECTION_REQUEST_ALLOW_BASIC); even then only over https. */
  allowBasic: boolean;
  /** Trusted CAs for https URLs instead of the system's (tests). */
  tlsCa?: string | Buffer;
}

/** `refused`: the ACS would not send (a guarded address, or credentials that would go in clear). */
export type ConnectionRequestResult =
  { ok: true; status: number } | { ok: false; status?: number; reason: string; refused?: true };

/** A CPE's headers never need more; anything larger is not a connection-request answer. */
export const MAX_HEADER_BYTES = 16 * 1024;

export async function sendConnectionRequest(
  target: ConnectionRequestTarget,
): Promise<ConnectionRequestResult> {
  let url: URL;
  try {
    url = new URL(target.url);
  } catch {
    return { ok: false, reason: `invalid ConnectionRequestURL ${JSON.stringify(target.url)}` };
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    return { ok: false, reason: `unsupported scheme ${url.protocol}` };
  const deadline = Date.now() + target.timeoutMs;
  const uri = `${url.pathname}${url.search}`;
  const resolved = await resolveTarget(url, target.policy, deadline, target.timeoutMs);
  if (resolved.kind === "error") return { ok: false, reason: resolved.reason };
  if (resolved.kind === "refused") return { ok: false, reason: resolved.reason, refused: true };
  const connect: Connect = { url, address: resolved.address, tlsCa: target.policy.tlsCa };
  const first = await exchange(connect, undefined, deadline, target.timeoutMs);
  if (first.kind === "error") return { ok: false, reason: first.reason };
  if (isAccepted(first.status)) return { ok: true, status: first.status };
  if (first.status !== 401)
    return { ok: false, status: first.status, reason: `CPE answered ${first.status}` };
  if (target.username === undefined || target.password === undefined) {
    return { ok: false, status: 401, reason: "CPE asks for credentials and none are known" };
  }
  const authorization = answerChallenge(
    first.challenges,
    uri,
    { username: target.username, password: target.password },
    target.policy.allowBasic && url.protocol === "https:",
  );
  if (authorization.kind === "none") return { ok: false, status: 401, reason: authorization.reason };
  if (authorization.kind === "refused")
    return { ok: false, status: 401, reason: authorization.reason, refused: true };
  const second = await exchange(connect, authorization.header, deadline, target.timeoutMs);
  if (second.kind === "error") return { ok: false, reason: second.reason };
  if (isAccepted(second.status)) return { ok: true, status: second.status };
  return {
    ok: false,
    status: second.status,
    reason: second.status === 401 ? "CPE rejected the credentials" : `CPE answered ${second.status}`,
  };
}

const isAccepted = (status: number) => status === 200 || status === 204;

type Answer =
  { kind: "header"; header: string } | { kind: "none"; reason: string } | { kind: "refused"; reason: string };

/** Digest when offered (preferred); Basic only when `basicAllowed` (configured and https). */
function answerChallenge(
  challenges: readonly string[],
  uri: string,
  credentials: { username: string; password: string },
  basicAllowed: boolean,
): Answer {
  const digest = challenges.map((c) => /^\s*digest\s+(.*)$/is.exec(c)?.[1]).find((c) => c !== undefined);
  if (digest !== undefined) {
    const header = digestAuthorization({
      method: "GET",
      uri,
      ...credentials,
      challenge: parseAuthParams(digest),
    });
    return { kind: "header", header };
  }
  if (!challenges.some((c) => /^\s*basic\b/i.test(c)))
    return { kind: "none", reason: "CPE sent no Digest or Basic challenge" };
  if (basicAllowed)
    return { kind: "header", header: basicAuthorization(credentials.username, credentials.password) };
  return {
    kind: "refused",
    reason:
      "CPE offers only Basic authentication; credentials are not sent (Basic only over https with CONNECTION_REQUEST_ALLOW_BASIC)",
  };
}

type Resolved =
  | { kind: "address"; address: string }
  | { kind: "refused"; reason: string }
  | { kind: "error"; reason: string };

/** Resolve the URL's host once (a literal resolves to itself) and check the address it gives. */
async function resolveTarget(
  url: URL,
  policy: AddressPolicy,
  deadline: number,
  timeoutMs: number,
): Promise<Resolved> {
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Resolved>((resolve) => {
    timer = setTimeout(
      () => resolve({ kind: "error", reason: `no complete answer within ${timeoutMs} ms` }),
      Math.max(0, deadline - Date.now()),
    );
  });
  const resolution = lookup(host, { verbatim: true }).then(
    ({ address }): Resolved => {
      const reason = refusal(address, portOf(url), policy);
      return reason === null ? { kind: "address", address } : { kind: "refused", reason };
    },
    (err: unknown): Resolved => ({
      kind: "error",
      reason: `cannot resolve ${host}: ${err instanceof Error ? err.message : String(err)}`,
    }),
  );
  try {
    return await Promise.race([resolution, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const portOf = (url: URL) => Number(url.port || (url.protocol === "https:" ? 443 : 80));

interface Connect {
  url: URL;
  /** The checked address: the socket goes here, never to a fresh resolution of the host name. */
  address: string;
  tlsCa?: string | Buffer;
}

export type Head =
  { kind: "answer"; status: number; challenges: string[] } | { kind: "error"; reason: string };

const STATUS_LINE = /^HTTP\/\d(?:\.\d)?[ \t]+(\d{3})(?:[ \t].*)?$/;

/**
 * Parse a status line and headers as CPEs send them: CRLF or bare LF, folded continuation lines
 * (starting with space or tab) joined to the header before them, lines without a colon ignored.
 */
export function parseHead(text: string): Head {
  const lines = text.split(/\r?\n/);
  const statusLine = lines[0] ?? "";
  const match = STATUS_LINE.exec(statusLine.trimEnd());
  if (!match)
    return { kind: "error", reason: `malformed status line ${JSON.stringify(statusLine.slice(0, 80))}` };
  const headers: [string, string][] = [];
  for (const line of lines.slice(1)) {
    if (line.trim() === "") continue;
    const last = headers.at(-1);
    if (/^[ \t]/.test(line)) {
      if (last) last[1] = `${last[1]} ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    headers.push([line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()]);
  }
  return {
    kind: "answer",
    status: Number(match[1]),
    challenges: headers.filter(([name]) => name === "www-authenticate").map(([, value]) => value),
  };
}

/** End of the header block: a blank line, with or without CRs. -1 while it has not arrived. */
function headerEnd(text: string): number {
  const m = /\r?\n\r?\n/.exec(text);
  return m ? m.index : -1;
}

/** The status line is complete and its status needs no headers (only a 401's challenge does). */
function statusSuffices(text: string): boolean {
  const newline = text.indexOf("\n");
  if (newline < 0) return false;
  const head = parseHead(text.slice(0, newline));
  return head.kind === "answer" && head.status !== 401;
}

/** One GET on its own connection; resolves once the headers are known, never after `deadline`. */
function exchange(
  target: Connect,
  authorization: string | undefined,
  deadline: number,
  timeoutMs: number,
): Promise<Head> {
  const { url, address } = target;
  const port = portOf(url);
  const request = [
    `GET ${url.pathname}${url.search} HTTP/1.1`,
    `Host: ${url.host}`,
    "User-Agent: Vantage-ACS",
    ...(authorization ? [`Authorization: ${authorization}`] : []),
    "Connection: close",
    "",
    "",
  ].join("\r\n");
  const remaining = deadline - Date.now();
  if (remaining <= 0)
    return Promise.resolve({ kind: "error", reason: `no complete answer within ${timeoutMs} ms` });
  return new Promise((resolve) => {
    let received = "";
    let settled = false;
    const hostname = url.hostname.replace(/^\[(.*)\]$/, "$1");
    // https: the certificate is checked against the URL's host name, though the socket goes to the
    // checked address (SNI is only sent for names, not literals).
    const socket =
      url.protocol === "https:"
        ? tls.connect({
            host: address,
            port,
            servername: net.isIP(hostname) === 0 ? hostname : undefined,
            checkServerIdentity: (_host, cert) => tls.checkServerIdentity(hostname, cert),
            ca: target.tlsCa,
          })
        : net.connect({ host: address, port });
    const finish = (head: Head) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(head);
    };
    const timer = setTimeout(
      () => finish({ kind: "error", reason: `no complete answer within ${timeoutMs} ms` }),
      remaining,
    );
    socket.setNoDelay(true);
    socket.on(url.protocol === "https:" ? "secureConnect" : "connect", () => socket.write(request));
    socket.on("data", (chunk: Buffer) => {
      // latin1 keeps one character per byte, so the length check below counts bytes.
      received += chunk.toString("latin1");
      const end = headerEnd(received);
      if (end >= 0) return finish(parseHead(received.slice(0, end)));
      if (received.length > MAX_HEADER_BYTES) {
        return finish({ kind: "error", reason: `answer headers exceed ${MAX_HEADER_BYTES} bytes` });
      }
      if (statusSuffices(received)) finish(parseHead(received.slice(0, received.indexOf("\n"))));
    });
    // A CPE that ends its headers by closing the connection: what arrived is the whole head.
    socket.on("end", () =>
      finish(
        received.trim() === ""
          ? { kind: "error", reason: "CPE closed the connection without answering" }
          : parseHead(received),
      ),
    );
    socket.on("close", () =>
      finish({ kind: "error", reason: "CPE closed the connection without answering" }),
    );
    socket.on("error", (err: Error) => finish({ kind: "error", reason: err.message }));
  });
}

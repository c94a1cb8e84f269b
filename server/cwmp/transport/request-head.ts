// Just enough of an HTTP/1.1 request head for the acceptor (acceptors.ts) to tell a new CWMP session
// (a POST with a body and without our session cookie: an Inform, refused while the node is full) from
// everything else, which goes to the node's real HTTP server untouched (bytes included). Nothing
// here answers or trusts the request: a head this cannot read is passed on, and node:http judges it.

/** Node's own limit for a request head (--max-http-header-size default): beyond it, node:http says 431. */
export const MAX_HEAD_BYTES = 16 * 1024;

export interface RequestHead {
  method: string;
  /** Content-Length above 0 or any Transfer-Encoding. */
  hasBody: boolean;
  /** A Cookie header carrying `cookieName=` (a session continuing, possibly on a new connection). */
  hasSessionCookie: boolean;
}

const HEAD_END = Buffer.from("\r\n\r\n");

/**
 * The head of the first request in `bytes`: "incomplete" until its blank line arrived, "unreadable"
 * when none came within MAX_HEAD_BYTES or the request line is not one.
 */
export function scanRequestHead(
  bytes: Buffer,
  cookieName: string,
): RequestHead | "incomplete" | "unreadable" {
  const end = bytes.indexOf(HEAD_END);
  if (end < 0) return bytes.length > MAX_HEAD_BYTES ? "unreadable" : "incomplete";
  if (end > MAX_HEAD_BYTES) return "unreadable";
  const lines = bytes.toString("latin1", 0, end).split("\r\n");
  const method = /^([A-Z]+) \S+ HTTP\/1\.[01]$/.exec(lines[0] ?? "")?.[1];
  if (!method) return "unreadable";
  let hasBody = false;
  let hasSessionCookie = false;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === "content-length") hasBody ||= !/^0*$/.test(value);
    else if (name === "transfer-encoding") hasBody = true;
    else if (name === "cookie") hasSessionCookie ||= value.includes(`${cookieName}=`);
  }
  return { method, hasBody, hasSessionCookie };
}

/** What a full node does with a new connection's first request: only a new session is refused. */
export function opensSession(head: RequestHead): boolean {
  return head.method === "POST" && head.hasBody && !head.hasSessionCookie;
}

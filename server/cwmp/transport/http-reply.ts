// How the CWMP listener writes its answers: a SOAP body with its headers, or a status with none.
import type http from "node:http";
import type { AuthVerdict } from "./auth";

export interface HttpReply {
  status: number;
  body?: string;
  headers?: Record<string, string>;
}

export function challengeReply(verdict: Extract<AuthVerdict, { status: "denied" }>): HttpReply {
  return {
    status: 401,
    headers: verdict.challenge ? { "WWW-Authenticate": verdict.challenge } : {},
  };
}

/** Write the reply; `setCookie` (an open session's cookie) goes with its other headers. */
export function send(
  res: http.ServerResponse,
  reply: HttpReply & { ended?: boolean },
  setCookie?: string,
): void {
  // Most replies (an InformResponse, a 204) have no headers of their own: nothing to copy then.
  const headers: Record<string, string | number> = reply.headers ? { ...reply.headers } : {};
  if (setCookie !== undefined) headers["Set-Cookie"] = setCookie;
  if (reply.body !== undefined) {
    headers["Content-Type"] = 'text/xml; charset="utf-8"';
    headers["Content-Length"] = Buffer.byteLength(reply.body);
    headers.SOAPServer = "Vantage";
  } else {
    headers["Content-Length"] = 0;
  }
  res.writeHead(reply.status, headers);
  res.end(reply.body);
}

/** An empty POST may carry whitespace: it is still the CPE's "nothing more to say". */
export function isBlank(body: Buffer): boolean {
  for (const byte of body) if (byte !== 0x20 && byte !== 0x0a && byte !== 0x0d && byte !== 0x09) return false;
  return true;
}

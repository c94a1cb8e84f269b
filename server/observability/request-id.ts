// Request ids: one per console or API request, echoed as X-Request-Id and logged as `reqId`, so a line
// in an integrator's or operator's report leads to the server's lines. An incoming id (from a proxy or
// the caller) is kept when it is sane; anything else is replaced, so a header can't inject into logs.
import { randomBytes } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";

export const REQUEST_ID_HEADER = "x-request-id";
const SANE = /^[A-Za-z0-9._-]{1,64}$/;

/** The request's id: its X-Request-Id when at most 64 of [A-Za-z0-9._-], else a new random one. */
export function requestIdFrom(headers: Headers | IncomingHttpHeaders): string {
  const raw = headers instanceof Headers ? headers.get(REQUEST_ID_HEADER) : headers[REQUEST_ID_HEADER];
  const value = Array.isArray(raw) ? raw[0] : raw;
  return value !== undefined && value !== null && SANE.test(value) ? value : newRequestId();
}

export function newRequestId(): string {
  return randomBytes(8).toString("hex");
}

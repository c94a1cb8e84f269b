// The console client's address, as login throttling and audit rows see it. Route handlers get no
// socket, so the custom server (server/start.ts) computes it per request and hands it on in a header
// it always overwrites: a client can't set it, and X-Forwarded-For counts only from a trusted proxy.
import type { IncomingMessage } from "node:http";

export const CLIENT_ADDRESS_HEADER = "x-vantage-client-address";

/** "::ffff:127.0.0.1" and "127.0.0.1" are one client. */
function normalise(address: string): string {
  const trimmed = address.trim().replace(/^\[(.*)\]$/, "$1");
  return trimmed.startsWith("::ffff:") && trimmed.includes(".") ? trimmed.slice(7) : trimmed.toLowerCase();
}

/**
 * The socket's peer, unless that peer is a trusted proxy: then the nearest X-Forwarded-For hop that
 * is not itself a trusted proxy (hops further left were written by whoever the client is).
 */
export function clientAddress(
  socketAddress: string | undefined,
  forwardedFor: string | string[] | undefined,
  trustedProxies: readonly string[],
): string | undefined {
  const peer = socketAddress ? normalise(socketAddress) : undefined;
  if (!peer || trustedProxies.length === 0) return peer;
  const trusted = new Set(trustedProxies.map(normalise));
  if (!trusted.has(peer)) return peer;
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : (forwardedFor ?? ""))
    .split(",")
    .map(normalise)
    .filter((h) => h.length > 0);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i]!;
    if (!trusted.has(hop)) return hop;
  }
  return hops[0] ?? peer;
}

/** Replace whatever the client sent in the header with the address computed here. */
export function stampClientAddress(req: IncomingMessage, trustedProxies: readonly string[]): void {
  const address = clientAddress(req.socket.remoteAddress, req.headers["x-forwarded-for"], trustedProxies);
  if (address) req.headers[CLIENT_ADDRESS_HEADER] = address;
  else delete req.headers[CLIENT_ADDRESS_HEADER];
}

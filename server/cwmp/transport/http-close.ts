// How a protocol listener stops: no new connections, idle keep-alive ones closed at once, requests
// being handled given up to `graceMs` to finish (they write to the store the caller closes next),
// then whatever is left cut. Shared by the CWMP and OMA DM listeners.
import type http from "node:http";

export async function closeHttpServer(
  server: http.Server,
  inFlight: () => number,
  graceMs = 5000,
): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const deadline = Date.now() + graceMs;
  while (inFlight() > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  server.closeAllConnections();
  await closed;
}

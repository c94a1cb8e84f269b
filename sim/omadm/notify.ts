// Package 0 reception for the simulated mobile: a UDP socket on loopback (the stand-in for WAP push
// over SMS, server/omadm/transport/bearer.ts). A notification whose digest checks out with the
// mobile's server credential (SRVCRED secret and the nonce it issued to the server) starts a session
// with Alert 1200 and SessionID = the notification's session id in hex; anything else is dropped.
import dgram from "node:dgram";
import { verifyPackage0 } from "../../server/omadm/notification";
import type { SimMobile } from "./mobile";

export interface NotifyListener {
  address: string;
  /** notifications accepted / refused (bad digest, malformed) */
  counts: { accepted: number; refused: number };
  close(): Promise<void>;
}

export async function listenForPackage0(
  mobile: () => SimMobile | undefined,
  host = "127.0.0.1",
): Promise<NotifyListener> {
  const socket = dgram.createSocket("udp4");
  const counts = { accepted: 0, refused: 0 };
  socket.on("message", (bytes) => {
    const m = mobile();
    if (!m) return;
    const verified = verifyPackage0(new Uint8Array(bytes), {
      password: m.options.identity.serverPassword,
      nonce: new Uint8Array(Buffer.from(m.serverNonce, "base64")),
    });
    if (!verified.ok || verified.value.header.serverId !== m.options.identity.serverId) {
      counts.refused++;
      return;
    }
    counts.accepted++;
    void m.session(1200, verified.value.header.sessionId.toString(16).toUpperCase());
  });
  await new Promise<void>((resolve, reject) => {
    socket.once("error", reject);
    socket.bind(0, host, () => resolve());
  });
  const port = socket.address().port;
  return {
    address: `${host}:${port}`,
    counts,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}

// Package 0 bearers. The spec's bearer is WAP push over SMS (application/vnd.syncml.notification,
// WSP content type 0x44), which does not exist here: the built-in bearer posts the package 0 bytes
// as one UDP datagram to the address the mobile registered (host:port), the stand-in the simulated
// mobile listens on. Another bearer (an SMS gateway, a push service) implements the same interface.
// Where the datagram may go follows the connection-request address policy (a device-reported address
// must not point the server at loopback services or other hosts' ports unless allowed).
import dgram from "node:dgram";
import { isIP } from "node:net";
import { refusal, type AddressPolicy } from "../../cwmp/transport/address-guard";

export interface NotificationTarget {
  deviceId: number;
  /** host:port or [v6]:port */
  address: string;
}

export type DeliveryResult = { ok: true } | { ok: false; reason: string };

export interface NotificationBearer {
  deliver(target: NotificationTarget, bytes: Uint8Array): Promise<DeliveryResult>;
}

/** "host:port" / "[v6]:port" as an IP literal and a port; undefined when malformed. */
export function parseHostPort(text: string): { host: string; port: number } | undefined {
  const m = /^\[([0-9a-fA-F:.]+)\]:(\d{1,5})$/.exec(text) ?? /^([0-9.]+):(\d{1,5})$/.exec(text);
  if (!m) return undefined;
  const port = Number(m[2]);
  if (isIP(m[1]!) === 0 || port < 1 || port > 65_535) return undefined;
  return { host: m[1]!, port };
}

export function udpBearer(policy: () => AddressPolicy): NotificationBearer {
  return {
    async deliver(target, bytes) {
      const parsed = parseHostPort(target.address);
      if (!parsed)
        return {
          ok: false,
          reason: `notification address ${JSON.stringify(target.address)} is not host:port`,
        };
      const refused = refusal(parsed.host, parsed.port, policy());
      if (refused)
        return { ok: false, reason: refused.replace("ConnectionRequestURL", "notification address") };
      const socket = dgram.createSocket(isIP(parsed.host) === 6 ? "udp6" : "udp4");
      try {
        await new Promise<void>((resolve, reject) => {
          socket.once("error", reject);
          socket.send(bytes, parsed.port, parsed.host, (err) => (err ? reject(err) : resolve()));
        });
        return { ok: true };
      } catch (error) {
        return { ok: false, reason: `UDP send failed: ${(error as Error).message}` };
      } finally {
        socket.close();
      }
    },
  };
}

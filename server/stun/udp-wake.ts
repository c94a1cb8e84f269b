// Waking a NATed device by UDP (TR-069 Annex G): chosen when the device's STUN binding says it is behind
// a NAT and was refreshed within STUN_BINDING_FRESH_SECONDS, and this process holds the STUN socket
// (the datagram must leave from it to pass the mapping; another process falls back to HTTP). The target
// is the binding's public address/port, checked by the same address policy as HTTP requests.
// (No "server-only": the custom server loads this outside Next, where that import throws.)
import { refusal, type AddressPolicy } from "../cwmp/transport/address-guard";
import { settings } from "../env";
import { observeUdpConnectionRequest } from "../observability/metrics";
import { freshNatBinding, recordUdpRequestSent } from "./bindings";
import { stunSender } from "./sender";
import { buildUdpConnectionRequest } from "./udp-connection-request";

export type UdpWakeResult =
  | { ok: true; transport: "udp"; target: string }
  | { ok: false; transport: "udp"; reason: string; refused?: true };

// The CPE accepts a request only with a ts newer than the last one it accepted: two wakes of one device
// in the same second get increasing ts (per process; another process's clock second differs anyway).
const lastTs = new Map<number, number>();

/** null: UDP does not apply (no STUN socket here, or no fresh NATed binding): use HTTP. */
export async function wakeViaUdp(
  deviceId: number,
  credentials: { username: string; password: string },
  policy: AddressPolicy,
): Promise<UdpWakeResult | null> {
  const sender = stunSender();
  if (!sender) return null;
  const binding = await freshNatBinding(deviceId);
  if (!binding) return null;
  const target = `${binding.address}:${binding.port}`;
  const refused = refusal(binding.address, binding.port, policy);
  if (refused) {
    observeUdpConnectionRequest("refused");
    return {
      ok: false,
      transport: "udp",
      reason: refused.replace("ConnectionRequestURL", "STUN binding"),
      refused: true,
    };
  }
  const ts = Math.max(Math.floor(Date.now() / 1000), (lastTs.get(deviceId) ?? 0) + 1);
  lastTs.delete(deviceId);
  if (lastTs.size >= 10_000) lastTs.delete(lastTs.keys().next().value!);
  lastTs.set(deviceId, ts);
  const datagram = buildUdpConnectionRequest({ ...binding, ...credentials, ts });
  // Recorded before sending: on loopback the device's Inform can arrive before a write after the send.
  await recordUdpRequestSent(deviceId);
  try {
    await sender.send(datagram, binding, settings().UDP_CONNECTION_REQUEST_REPEATS);
  } catch (error) {
    observeUdpConnectionRequest("failed");
    return { ok: false, transport: "udp", reason: (error as Error).message };
  }
  observeUdpConnectionRequest("sent");
  return { ok: true, transport: "udp", target };
}

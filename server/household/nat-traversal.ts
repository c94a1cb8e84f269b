// The device page's "NAT traversal" panel: the device's STUN binding (TR-111 Part 2) as the STUN
// server stored it, whether the ACS would wake it by UDP now (NATed, binding fresh), and the UDP
// connection-request figures. No binding = the device does not run STUN (or never reached us).
import "server-only";
import { z } from "zod";
import { AppError } from "../core/app-error";
import { db } from "../db";
import { entriesMatching } from "../devices/parameter-tree";
import { settings } from "../env";

export const natTraversalSchema = z.object({
  stunEnabled: z.boolean(),
  /** UDPConnectionRequestAddress as the device reported it (host:port), if it did */
  reportedAddress: z.string().nullable(),
  binding: z
    .object({
      address: z.string(),
      port: z.number().int(),
      natDetected: z.boolean(),
      authenticated: z.boolean(),
      firstSeen: z.date(),
      lastSeen: z.date(),
      /** refreshed within STUN_BINDING_FRESH_SECONDS: a UDP request would use it */
      fresh: z.boolean(),
      changedAt: z.date().nullable(),
      changes: z.number().int(),
      udpRequestsSent: z.number().int(),
      udpRequestsAnswered: z.number().int(),
      lastUdpRequestAt: z.date().nullable(),
      lastUdpAnsweredAt: z.date().nullable(),
      lastUdpLatencyMs: z.number().int().nullable(),
    })
    .nullable(),
  /** how the next connection request goes: UDP through the NAT binding, or HTTP */
  wakeBy: z.enum(["udp", "http"]),
});
export type NatTraversal = z.infer<typeof natTraversalSchema>;

export async function natTraversal(deviceId: number, now = new Date()): Promise<NatTraversal> {
  const device = await db().device.findUnique({
    where: { id: deviceId },
    select: { udpConnectionRequestAddr: true, rootObject: true, stunBinding: true },
  });
  if (!device) throw new AppError("not_found", `device ${deviceId} not found`);
  const reported =
    device.udpConnectionRequestAddr ??
    (
      await entriesMatching(
        deviceId,
        `^${device.rootObject}\\.ManagementServer\\.UDPConnectionRequestAddress$`,
      )
    )
      .values()
      .next().value?.v;
  const s = settings();
  const b = device.stunBinding;
  const fresh = !!b && now.getTime() - b.lastSeen.getTime() <= s.STUN_BINDING_FRESH_SECONDS * 1000;
  return {
    stunEnabled: s.STUN_ENABLED,
    reportedAddress: reported || null,
    binding: b
      ? {
          address: b.address,
          port: b.port,
          natDetected: b.natDetected,
          authenticated: b.authenticated,
          firstSeen: b.firstSeen,
          lastSeen: b.lastSeen,
          fresh,
          changedAt: b.changedAt,
          changes: b.changes,
          udpRequestsSent: b.udpRequestsSent,
          udpRequestsAnswered: b.udpRequestsAnswered,
          lastUdpRequestAt: b.lastUdpRequestAt,
          lastUdpAnsweredAt: b.lastUdpAnsweredAt,
          lastUdpLatencyMs: b.lastUdpLatencyMs,
        }
      : null,
    wakeBy: s.STUN_ENABLED && b?.natDetected && fresh ? "udp" : "http",
  };
}

// The wave page's multicast panel: the wave's FLUTE session (state, group, TSI, rate, passes, bytes)
// and its devices: still receiving, verified through the carousel, and those retried over HTTP with
// the faults of their multicast attempts (read from the attempts' tasks, which keep them).
import { AppError } from "../../core/app-error";
import { db } from "../../db";
import type { WaveMulticast } from "../../../lib/firmware/wave-api";

const SESSION_STATES = ["pending", "sending", "done", "failed", "stopped"] as const;
type SessionState = (typeof SESSION_STATES)[number];

export async function waveMulticast(waveId: number): Promise<WaveMulticast> {
  const wave = await db().wave.findUnique({ where: { id: waveId }, select: { id: true } });
  if (!wave) throw new AppError("not_found", `wave ${waveId} not found`);
  const session = await db().fluteSession.findFirst({
    where: { waveId },
    orderBy: { id: "desc" },
    include: { image: { select: { size: true } } },
  });
  const [counts] = await db().$queryRaw<
    { receiving: number; completed: number; fellBack: number; fellBackVerified: number }[]
  >`
    SELECT count(*) FILTER (WHERE "delivery" = 'multicast' AND "state" = 'downloading')::int AS receiving,
           count(*) FILTER (WHERE "delivery" = 'multicast' AND "state" = 'verified')::int AS completed,
           count(*) FILTER (WHERE "delivery" = 'http' AND "startedAt" IS NOT NULL
                              AND "reason" IS DISTINCT FROM 'already on this version')::int AS "fellBack",
           count(*) FILTER (WHERE "delivery" = 'http' AND "state" = 'verified'
                              AND "reason" IS DISTINCT FROM 'already on this version')::int AS "fellBackVerified"
      FROM "WaveDevice" WHERE "waveId" = ${waveId}`;
  // The multicast attempts that failed: their Downloads named a flute:// URL (batch wave-<id>).
  const reasons = await db().$queryRaw<
    { faultCode: number | null; reason: string; count: number; devices: number }[]
  >`
    SELECT t."faultCode", left(COALESCE(t."faultString", t."lastError", t."state"::text), 200) AS reason,
           count(*)::int AS count, count(DISTINCT t."deviceId")::int AS devices
      FROM "Task" t
     WHERE t."batchId" = ${`wave-${waveId}`} AND t."name" = 'Download'
       AND t."request"->>'url' LIKE 'flute://%' AND t."sentAt" IS NOT NULL
       AND t."state" IN ('fault', 'expired')
     GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 20`;
  return {
    session: session && {
      state: (SESSION_STATES as readonly string[]).includes(session.state)
        ? (session.state as SessionState)
        : "failed",
      group: session.groupAddress,
      port: session.port,
      tsi: Number(session.tsi),
      version: session.version,
      rateKbps: session.rateKbps,
      passes: session.passes,
      packetsSent: Number(session.packetsSent),
      bytesSent: Number(session.bytesSent),
      imageSize: Number(session.image.size),
      ownerNode: session.ownerNode,
      startedAt: session.startedAt,
      endsAt: session.endsAt,
      endedAt: session.endedAt,
      lastError: session.lastError,
    },
    receiving: counts?.receiving ?? 0,
    completed: counts?.completed ?? 0,
    fellBack: counts?.fellBack ?? 0,
    fellBackVerified: counts?.fellBackVerified ?? 0,
    reasons: reasons.map(({ faultCode, reason, count }) => ({ faultCode, reason, count })),
  };
}

// The firmware wave's QoE gate (issue 11 §5): before a stage starts, the wave's devices already verified
// on the new image are compared with devices of the same model(s) not yet upgraded, over the last
// windowMinutes of raw stream intervals, on the plan's metrics. A metric worse by more than
// maxRegressionPct, or too little viewing to judge, holds the wave (the engine pauses it with the
// reason; an operator's resume re-checks the gate).
import type { Prisma } from "../generated/prisma/client";
import { wavePlanSchema, type WaveQoeGate } from "../../lib/firmware/wave-schema";
import { findStreamKpi, type StreamSums } from "../../lib/monitoring/kpis";
import { db } from "../db";
import { registerWaveGate, type GateContext, type GateVerdict } from "../firmware/waves/gates";
import { STREAM_AGGREGATES, ZAP_LATERAL, selectList, toStreamSums } from "./store/rollup-sql";

type Client = Prisma.TransactionClient;

/**
 * The context may carry the wave step's transaction (`tx`): on the embedded store the step holds the
 * single connection, so the gate must read through it.
 */
export type QoeGateContext = GateContext & { tx?: Client; plan?: unknown };

export function registerQoeWaveGate(): () => void {
  return registerWaveGate("QoE", (context) => qoeGate(context));
}

export async function qoeGate(context: QoeGateContext, now = new Date()): Promise<GateVerdict> {
  const client: Client = context.tx ?? db();
  const planJson =
    context.plan ??
    (await client.wave.findUnique({ where: { id: context.waveId }, select: { plan: true } }))?.plan;
  const parsed = wavePlanSchema.safeParse(planJson);
  // An unreadable plan is the wave engine's to refuse; this gate only judges a gate that is set.
  if (!parsed.success || !parsed.data.qoeGate) return { ok: true };
  const gate = parsed.data.qoeGate;
  const unknown = gate.metrics.filter((m) => !findStreamKpi(m));
  if (unknown.length > 0) return { ok: false, reason: `unknown metric ${unknown.join(", ")}` };
  const groups = await compareGroups(client, context, gate, now);
  const need = gate.minSeconds;
  if (!groups || groups.upgraded.secs < need || groups.others.secs < need) {
    return {
      ok: false,
      reason: `waiting for QoE data (upgraded ${groups?.upgraded.secs ?? 0} s, others ${
        groups?.others.secs ?? 0
      } s of viewing; ${need} s each needed)`,
    };
  }
  for (const metric of gate.metrics) {
    const kpi = findStreamKpi(metric)!;
    const u = kpi.value(groups.upgraded);
    const o = kpi.value(groups.others);
    if (u === null || o === null) continue;
    const worse = kpi.higherIsWorse ? u - o : o - u;
    if (worse <= 0) continue;
    const pct = o === 0 ? Infinity : (100 * worse) / Math.abs(o);
    if (pct > gate.maxRegressionPct) {
      const shown = Number.isFinite(pct) ? `${kpi.higherIsWorse ? "+" : "-"}${pct.toFixed(0)}%` : "from none";
      return { ok: false, reason: `${metric} upgraded ${fmt(u)} vs others ${fmt(o)} (${shown})` };
    }
  }
  return { ok: true };
}

const fmt = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : Number(v.toPrecision(3)).toString());

/**
 * Sums of the two groups over the window. Upgraded: the verified devices' intervals since their
 * verification. Others: intervals of the same models from devices the wave has not touched (pending
 * in it, or outside it) on another software version than the upgraded devices run.
 */
async function compareGroups(
  client: Client,
  context: GateContext,
  gate: WaveQoeGate,
  now: Date,
): Promise<{ upgraded: StreamSums; others: StreamSums } | null> {
  if (context.verifiedDeviceIds.length === 0) return null;
  const verified = context.verifiedDeviceIds.slice(0, 100_000);
  const since = new Date(now.getTime() - gate.windowMinutes * 60_000).toISOString();
  const rows = await client.$queryRawUnsafe<Record<string, unknown>[]>(
    `WITH up AS (
       SELECT wd."deviceId" AS id, wd."finishedAt" AS at FROM "WaveDevice" wd
       WHERE wd."waveId" = $1 AND wd."deviceId" = ANY($2::int4[]) AND wd.state = 'verified'),
     target AS (
       SELECT DISTINCT s.model, s.software FROM stream_interval s JOIN up ON up.id = s.device_id
       WHERE s.ts >= $3::timestamptz AND s.ts < $4::timestamptz AND s.ts >= COALESCE(up.at, s.ts)),
     tagged AS (
       SELECT s.*, CASE WHEN up.id IS NOT NULL THEN 'upgraded' ELSE 'others' END AS grp
       FROM stream_interval s LEFT JOIN up ON up.id = s.device_id
       WHERE s.ts >= $3::timestamptz AND s.ts < $4::timestamptz
         AND s.model IN (SELECT model FROM target)
         AND ((up.id IS NOT NULL AND s.ts >= COALESCE(up.at, s.ts))
           OR (up.id IS NULL AND s.software NOT IN (SELECT software FROM target)
               AND NOT EXISTS (SELECT 1 FROM "WaveDevice" w WHERE w."waveId" = $1 AND w."deviceId" = s.device_id
                                 AND w.state <> 'pending'))))
     SELECT s.grp, ${selectList(STREAM_AGGREGATES)} FROM tagged s ${ZAP_LATERAL} GROUP BY s.grp`,
    context.waveId,
    verified,
    since,
    now.toISOString(),
  );
  const empty = toStreamSums({});
  const byGroup = new Map(rows.map((r) => [String(r.grp), toStreamSums(r)]));
  return { upgraded: byGroup.get("upgraded") ?? empty, others: byGroup.get("others") ?? empty };
}

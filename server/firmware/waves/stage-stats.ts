// A stage's numbers, as its success criteria read them.
import type { Prisma } from "../../generated/prisma/client";

type Tx = Prisma.TransactionClient;

export interface StageStats {
  /** Devices that ended (verified, or failed whatever happened after). */
  finished: number;
  /** Failures: a fault, no new version in time, a refused image (rolled back or not since). */
  failures: number;
  /** Devices still to start for the first time, or in flight: the stage is not complete. */
  open: number;
  /** Failure reasons, most frequent first ("9010 ×2, version unchanged ×1"). */
  reasons: { reason: string; count: number }[];
}

export async function stageStats(tx: Tx, waveId: number, stage: number): Promise<StageStats> {
  const [row] = await tx.$queryRaw<{ finished: number; failures: number; open: number }[]>`
    SELECT count(*) FILTER (WHERE "state" = 'verified' OR "faultCode" IS NOT NULL)::int AS finished,
           count(*) FILTER (WHERE "faultCode" IS NOT NULL
                             AND "state" IN ('failed', 'rolling_back', 'rolled_back'))::int AS failures,
           count(*) FILTER (WHERE "state" IN ('downloading', 'rebooting', 'rolling_back')
                             OR ("state" = 'pending' AND "attempts" = 0))::int AS open
      FROM "WaveDevice" WHERE "waveId" = ${waveId} AND "stage" = ${stage}`;
  const reasons = await tx.$queryRaw<{ reason: string; count: number }[]>`
    SELECT CASE WHEN "faultCode" > 0 THEN "faultCode"::text || ' ' ELSE '' END
             || left(COALESCE("reason", 'failed'), 80) AS reason, count(*)::int AS count
      FROM "WaveDevice"
     WHERE "waveId" = ${waveId} AND "stage" = ${stage} AND "faultCode" IS NOT NULL
     GROUP BY 1 ORDER BY 2 DESC LIMIT 3`;
  return { ...(row ?? { finished: 0, failures: 0, open: 0 }), reasons };
}

/** The criteria's verdict: why the stage must pause, or null. */
export function criteriaBreach(
  stats: StageStats,
  acknowledged: { failures: number; finished: number },
  plan: { failureRatio: number; minSample: number; maxFailures: number },
  stageName: string,
): string | null {
  const failures = stats.failures - acknowledged.failures;
  const finished = stats.finished - acknowledged.finished;
  if (failures <= 0) return null;
  const why = stats.reasons.map((r) => `${r.reason} ×${r.count}`).join("; ");
  if (failures >= plan.maxFailures)
    return `${stageName}: ${failures} failures (limit ${plan.maxFailures}) — ${why}`;
  if (finished >= plan.minSample && failures / finished > plan.failureRatio) {
    const pct = Math.round((100 * failures) / finished);
    return `${stageName}: ${failures} of ${finished} devices failed (${pct} % > ${Math.round(plan.failureRatio * 100)} %) — ${why}`;
  }
  return null;
}

// Taking work out of the queue at a session's empty POST (or after each answer): per device, expire
// overdue tasks and claim the oldest pending one (a "sent" one first: its session died before the
// answer was stored, so it is repeated), or release the session lock when nothing is left.
// Concurrent sessions share one statement (see server/database/batcher.ts).
import type { AcsRequest } from "../cwmp/soap/types";
import { Batcher } from "../database/batcher";
import { preparedQuery } from "../db";

interface Claim {
  deviceId: number;
  sessionId: string;
  lockTtlMs: number;
}

export interface ClaimedTask {
  taskId: number;
  request: AcsRequest;
}

// Data-modifying CTEs always run to completion, referenced or not (PostgreSQL docs, 7.8.4).
const STATEMENT = `
WITH input AS (
  SELECT * FROM unnest($1::int[], $2::text[], $3::text[]) AS i(device_id, session_id, ttl)
),
expired AS (
  UPDATE "Task" t SET state = 'expired', "completedAt" = (now() AT TIME ZONE 'UTC')
    FROM input i
   WHERE t."deviceId" = i.device_id AND t.state IN ('queued', 'sent') AND t."expiresAt" < (now() AT TIME ZONE 'UTC')
  RETURNING t.id
),
candidate AS (
  SELECT c.id FROM input i CROSS JOIN LATERAL (
    SELECT id FROM "Task"
     WHERE "deviceId" = i.device_id AND state IN ('queued', 'sent')
       AND ("expiresAt" IS NULL OR "expiresAt" >= (now() AT TIME ZONE 'UTC'))
     ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED) c
),
claimed AS (
  UPDATE "Task" t SET state = 'sent', "sentAt" = (now() AT TIME ZONE 'UTC'), attempts = t.attempts + 1
    FROM candidate c WHERE t.id = c.id
  RETURNING t.id, t."deviceId", t.request
),
renew AS (
  UPDATE "Device" d SET "sessionExpires" = (now() AT TIME ZONE 'UTC') + (i.ttl || ' milliseconds')::interval
    FROM input i
   WHERE d.id = i.device_id AND d."sessionId" = i.session_id AND EXISTS (SELECT 1 FROM claimed c WHERE c."deviceId" = i.device_id)
),
released AS (
  UPDATE "Device" d SET "sessionId" = NULL, "sessionExpires" = NULL
    FROM input i
   WHERE d.id = i.device_id AND d."sessionId" = i.session_id AND NOT EXISTS (SELECT 1 FROM claimed c WHERE c."deviceId" = i.device_id)
)
SELECT id, "deviceId", request FROM claimed`;

const batcher = new Batcher<Claim, ClaimedTask | null>(async (claims) => {
  const rows = await preparedQuery<{ id: number; deviceId: number; request: AcsRequest }>(
    "claim-next-tasks",
    STATEMENT,
    [claims.map((c) => c.deviceId), claims.map((c) => c.sessionId), claims.map((c) => String(c.lockTtlMs))],
  );
  const byDevice = new Map(rows.map((r) => [r.deviceId, { taskId: r.id, request: r.request }]));
  return claims.map((c) => byDevice.get(c.deviceId) ?? null);
});

/** The device's next task, marked sent, or null after releasing its session lock. */
export function claimNextTaskOrRelease(
  deviceId: number,
  sessionId: string,
  lockTtlMs: number,
): Promise<ClaimedTask | null> {
  return batcher.add({ deviceId, sessionId, lockTtlMs });
}

// Taking work out of the queue at a session's empty POST (or after each answer): per device, expire
// overdue tasks, end a sent task already at the attempts cap, and claim the oldest pending one (a
// "sent" one first: its session died before the answer was stored, so it is repeated), or release
// the session lock when nothing is left. Only a session holding the device's lock, or taking it because
// it is free or expired (an Inform takes it only when work is queued: devices/inform-columns.ts), does
// any of this. A device with no task in flight and no lock of this session is not touched at all (no
// row lock, no write): the empty POST of most periodic sessions.
// Concurrent sessions share one statement (see server/database/batcher.ts). Only protocol "cwmp" tasks:
// an OMA DM task (server/mobile) is never sent in a CWMP session.
import type { AcsRequest } from "../cwmp/soap/types";
import { Batcher } from "../database/batcher";
import { preparedQuery } from "../db";
import { nodeId } from "../devices/session-locks";
import { settings } from "../env";
import { logger } from "../logger";
import { CAP_REASON_SQL, failSentTask } from "./attempts";
import { EXPIRY_REASON_SQL } from "./lifetime";
import { openRequestSecrets } from "./sealed-values";

interface Claim {
  deviceId: number;
  sessionId: string;
  lockTtlMs: number;
  /** A sent task whose answer the session holds, to store with the next one (0: none): left alone. */
  held: number;
}

export interface ClaimedTask {
  taskId: number;
  request: AcsRequest;
}

const log = logger("tasks");

const NOW = `(now() AT TIME ZONE 'UTC')`;

// Data-modifying CTEs always run to completion, referenced or not (PostgreSQL docs, 7.8.4), and all
// see the same snapshot: so `candidate` repeats `capped`'s condition to skip the task it ends.
// `owned` locks the device rows (in id order) and re-checks the lock holder on the newest row
// version, so a session whose lock another session took (or took over) meanwhile claims and releases
// nothing; of two sessions of one device, the first to lock the row wins. `renew` takes or renews the
// lock with the task; `released` gives back only a lock the session held. Two sessions of one device
// in one batch: `pending` keeps one, the lock holder if either holds it.
// A firmware Download must be verified (new SoftwareVersion at the next boot) within
// FIRMWARE_VERIFY_MINUTES of being sent: a device that never comes back ends expired with "transfer not
// completed within N min" instead of waiting out the task's whole lifetime. Same test as
// isFirmwareDownload (server/tasks/evidence.ts).
const FIRMWARE_SQL = `t.name IN ('Download', 'ScheduleDownload') AND ltrim(t.request->>'fileType') LIKE '1 %'`;
// A Download's result starts with the software version the device reported when it was sent: the
// firmware check at the next boot compares against it (server/tasks/evidence.ts).
const STATEMENT = `
WITH input AS (
  SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $6::int[]) AS i(device_id, session_id, ttl, held)
),
pending AS (
  SELECT DISTINCT ON (i.device_id) i.* FROM input i
   WHERE EXISTS (SELECT 1 FROM "Task" t
                  WHERE t."deviceId" = i.device_id AND t.state IN ('queued', 'sent', 'waiting') AND t.id <> i.held)
      OR EXISTS (SELECT 1 FROM "Device" d WHERE d.id = i.device_id AND d."sessionId" = i.session_id)
   ORDER BY i.device_id,
            EXISTS (SELECT 1 FROM "Device" d WHERE d.id = i.device_id AND d."sessionId" = i.session_id) DESC
),
owned AS (
  SELECT i.device_id, i.session_id, i.ttl, i.held, d."softwareVersion" AS software_version,
         d."sessionId" IS NOT DISTINCT FROM i.session_id AS holds
    FROM pending i JOIN "Device" d ON d.id = i.device_id
     AND (d."sessionId" = i.session_id OR d."sessionId" IS NULL OR d."sessionExpires" < ${NOW})
   ORDER BY d.id
   FOR NO KEY UPDATE OF d
),
expired AS (
  UPDATE "Task" t SET state = 'expired', "completedAt" = ${NOW}, "lastError" = ${EXPIRY_REASON_SQL}
    FROM owned o
   WHERE t."deviceId" = o.device_id AND t.state IN ('queued', 'sent', 'waiting') AND t."expiresAt" < ${NOW}
     AND t.id <> o.held
  RETURNING t.id
),
capped AS (
  UPDATE "Task" t SET state = 'fault', "completedAt" = ${NOW}, "faultString" = ${CAP_REASON_SQL}
    FROM owned o
   WHERE t."deviceId" = o.device_id AND t.state = 'sent' AND t.attempts >= $4::int AND t.id <> o.held
     AND (t."expiresAt" IS NULL OR t."expiresAt" >= ${NOW})
  RETURNING t.id, t."deviceId", t.name, t.attempts, t."faultString"
),
capped_fault AS (
  INSERT INTO "DeviceFault" ("deviceId", "taskId", code, message, at)
  SELECT c."deviceId", c.id, 0, c.name || ': ' || c."faultString", ${NOW} FROM capped c
),
candidate AS (
  SELECT c.id, o.session_id, o.software_version FROM owned o CROSS JOIN LATERAL (
    SELECT id FROM "Task"
     WHERE "deviceId" = o.device_id AND state IN ('queued', 'sent') AND protocol = 'cwmp' AND id <> o.held
       AND NOT (state = 'sent' AND attempts >= $4::int)
       AND ("expiresAt" IS NULL OR "expiresAt" >= ${NOW})
     ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED) c
),
claimed AS (
  UPDATE "Task" t SET state = 'sent', "sentAt" = ${NOW}, attempts = t.attempts + 1,
         "expiresAt" = CASE WHEN ${FIRMWARE_SQL}
                            THEN least(t."expiresAt", ${NOW} + ($5::text || ' minutes')::interval)
                            ELSE t."expiresAt" END,
         result = CASE WHEN t.name IN ('Download', 'ScheduleDownload') AND t.result IS NULL
                       THEN jsonb_build_object('softwareVersionBefore', c.software_version)
                       ELSE t.result END
    FROM candidate c WHERE t.id = c.id
  RETURNING t.id, t."deviceId", c.session_id, t.request, t.name, t.attempts
),
renew AS (
  UPDATE "Device" d SET "sessionId" = o.session_id, "sessionOwner" = $7::text,
         "sessionLockedAt" = CASE WHEN o.holds THEN d."sessionLockedAt" ELSE ${NOW} END,
         "sessionExpires" = ${NOW} + (o.ttl || ' milliseconds')::interval
    FROM owned o
   WHERE d.id = o.device_id AND EXISTS (SELECT 1 FROM claimed c WHERE c."deviceId" = o.device_id)
),
released AS (
  UPDATE "Device" d SET "sessionId" = NULL, "sessionExpires" = NULL
    FROM owned o
   WHERE d.id = o.device_id AND o.holds
     AND NOT EXISTS (SELECT 1 FROM claimed c WHERE c."deviceId" = o.device_id)
)
SELECT 'claimed' AS kind, id, "deviceId", session_id AS "sessionId", request, name, attempts, NULL AS reason
  FROM claimed
UNION ALL
SELECT 'capped', id, "deviceId", NULL, NULL, name, attempts, "faultString" FROM capped`;

interface Row {
  kind: "claimed" | "capped";
  id: number;
  deviceId: number;
  sessionId: string | null;
  request: AcsRequest | null;
  name: string;
  attempts: number;
  reason: string | null;
}

/**
 * Claims per statement, and statements under way at once: the rest wait and go together (group commit).
 * One at a time: each statement costs ~0.1 ms of this process's CPU in the socket write alone (waking
 * the database backend), so larger batches pay; with 2 under way, 20 CPEs' periodic sessions cost 13.0-14.1×
 * the bare server's CPU, with 1 11.2-12.1× (npm run bench, alternating runs in one hour).
 */
const BATCH_MAX = 200;
const IN_FLIGHT = 1;

/** Claim statements run by this process (tests check that a quiet session runs none). */
export const claimStats = { runs: 0 };

const batcher = new Batcher<Claim, ClaimedTask | null>(
  async (claims) => {
    claimStats.runs += 1;
    const rows = await preparedQuery<Row>("claim-next-tasks", STATEMENT, [
      claims.map((c) => c.deviceId),
      claims.map((c) => c.sessionId),
      claims.map((c) => String(c.lockTtlMs)),
      settings().TASK_MAX_ATTEMPTS,
      String(settings().FIRMWARE_VERIFY_MINUTES),
      claims.map((c) => c.held),
      nodeId(),
    ]);
    // Keyed by device and session: of two sessions of one device in a batch, only the lock holder gets work.
    const bySession = new Map<string, ClaimedTask>();
    for (const r of rows) {
      if (r.kind === "capped") {
        log.warn(
          { deviceId: r.deviceId, taskId: r.id, task: r.name, attempts: r.attempts, reason: r.reason },
          "task ended at attempts cap",
        );
        continue;
      }
      if (r.attempts > 1)
        log.warn({ deviceId: r.deviceId, taskId: r.id, task: r.name, attempt: r.attempts }, "task re-sent");
      bySession.set(`${r.deviceId}/${r.sessionId}`, { taskId: r.id, request: r.request as AcsRequest });
    }
    return claims.map((c) => bySession.get(`${c.deviceId}/${c.sessionId}`) ?? null);
  },
  BATCH_MAX,
  IN_FLIGHT,
);

/** Tasks in a row whose secrets cannot be opened that one claim ends before it gives up (bounded loop). */
const MAX_UNOPENABLE = 20;

/**
 * The device's next task, marked sent, or null after releasing its session lock. A session that does
 * not hold the device's lock gets null and changes nothing. `heldTaskId`: a sent task whose answer
 * the session holds to store together with the next one (devices/bootstrap-read-pair.ts); it is
 * neither re-sent, nor expired, nor ended at the attempts cap here. The request comes with its sealed secret
 * values opened (the CPE must receive the real value); a task whose values cannot be opened (the
 * secrets file holds another key) ends as a fault at once instead of sending the ciphertext.
 */
export async function claimNextTaskOrRelease(
  deviceId: number,
  sessionId: string,
  lockTtlMs: number,
  heldTaskId = 0,
): Promise<ClaimedTask | null> {
  for (let i = 0; i < MAX_UNOPENABLE; i++) {
    const claimed = await batcher.add({ deviceId, sessionId, lockTtlMs, held: heldTaskId });
    if (!claimed) return null;
    try {
      return { ...claimed, request: openRequestSecrets(claimed.request) };
    } catch (error) {
      const reason = `stored secret value cannot be opened: ${(error as Error).message}`;
      log.error(
        { deviceId, taskId: claimed.taskId, reason },
        "task ended: its secret values cannot be opened",
      );
      await failSentTask(deviceId, claimed.taskId, reason);
    }
  }
  // The session lock stays until it expires; the next session carries on with the queue.
  return null;
}

// Polled statistics for devices without BulkData: when a device opens a session anyway (any Inform) and
// its last read is older than MONITORING_POLL_MINUTES, ONE GetParameterValues for the statistics it has
// is queued and taken by that same session (no connection request). Never stacking: a queued or sent poll,
// or one made within the period, means none; a device that sent a BulkData report within two periods is
// not polled. The task expires with the period. Its answer, once merged into the parameter document, is
// mapped and written like a report.
import { db } from "../../db";
import { settings } from "../../env";
import { logger } from "../../logger";
import { entriesMatching } from "../../devices/parameter-tree";
import type { InformRecordedEvent, TaskFinishedEvent } from "../../events/session-events";
import { queueTask } from "../../tasks/service";
import { clockOffset, correctTime } from "../collect/counters";
import { ingestReadings } from "../collect/ingest-readings";
import { parseDateTime } from "../collect/values";
import { OBJECT_REGEX, answerRegex, pollNames } from "./names";
import { finishedTask } from "../../tasks/finished";

export const POLL_CREATOR = "monitoring-poll";

// Devices not to look at again before a time (polled, reporting by BulkData, or without statistics):
// most Informs then cost no query at all. Per process and bounded; the database stays the authority.
const MAX_REMEMBERED = 200_000;
const notBefore = new Map<number, number>();

function remember(deviceId: number, until: number): void {
  notBefore.delete(deviceId);
  if (notBefore.size >= MAX_REMEMBERED) notBefore.delete(notBefore.keys().next().value!);
  notBefore.set(deviceId, until);
}

/** Forget what this process remembered (tests; a device whose statistics objects just appeared). */
export function forgetPollState(deviceId?: number): void {
  if (deviceId === undefined) notBefore.clear();
  else notBefore.delete(deviceId);
}

export async function pollOnInform(event: InformRecordedEvent): Promise<void> {
  const { id, rootObject } = event.device;
  const minutes = settings().MONITORING_POLL_MINUTES;
  const now = Date.now();
  if ((notBefore.get(id) ?? 0) > now) return;
  // A device this Inform registered has no cursor or poll yet, and its bootstrap's full read (queued
  // with it) reads every statistic: the first poll is due a period on.
  if (event.firstContact) return remember(id, now + minutes * 60_000);
  const [state] = await db().$queryRawUnsafe<{ busy: boolean }[]>(
    `SELECT EXISTS (SELECT 1 FROM "MetricCursor" c WHERE c."deviceId" = $1 AND c.source = 'bulkdata' AND c.at > $2)
         OR EXISTS (SELECT 1 FROM "Task" t WHERE t."deviceId" = $1 AND t."createdBy" = $4
                    AND (t.state IN ('queued', 'sent') OR t."createdAt" > $3)) AS busy`,
    id,
    new Date(now - 2 * minutes * 60_000),
    new Date(now - minutes * 60_000),
    POLL_CREATOR,
  );
  // Looked at again a period on: a device that reports by BulkData stays that way for a period at least
  // (the Informs in between cost no query), and a poll in flight has that long to end anyway.
  if (state?.busy) return remember(id, now + minutes * 60_000);
  const prefixes = await db().$queryRawUnsafe<{ p: string }[]>(
    `SELECT DISTINCT substring(k FROM $2) AS p FROM "Device" d, jsonb_object_keys(d.parameters) k
      WHERE d.id = $1 AND k ~ $2`,
    id,
    OBJECT_REGEX,
  );
  const names = pollNames(
    rootObject,
    prefixes.map((r) => r.p).filter((p) => p.startsWith(`${rootObject}.`)),
  );
  if (names.length === 0) return remember(id, now + minutes * 60_000);
  await queueTask(
    id,
    { name: "GetParameterValues", parameterNames: names },
    { createdBy: POLL_CREATOR, expiresAt: new Date(now + minutes * 60_000) },
  );
  remember(id, now + minutes * 60_000);
}

export async function pollOnTaskFinished(event: TaskFinishedEvent): Promise<void> {
  if (event.outcome !== "GetParameterValuesResponse") return;
  const task = await finishedTask(event);
  if (!task || task.createdBy !== POLL_CREATOR) return;
  const names = (task.request as { parameterNames?: unknown }).parameterNames;
  if (!Array.isArray(names) || names.some((n) => typeof n !== "string")) return;
  const since = (task.sentAt?.getTime() ?? Date.now()) - 1_000;
  // What this answer brought: values stored since the poll was sent (garbage values stay, and are
  // skipped by the mapping; names the CPE left out simply are not there).
  const entries = await entriesMatching(event.deviceId, answerRegex(names as string[]));
  const values = new Map<string, string>();
  let at = 0;
  for (const [path, e] of entries) {
    if (e.v === undefined || e.ts < since) continue;
    values.set(path, e.v);
    at = Math.max(at, e.ts);
  }
  if (values.size === 0) return;
  const receivedAt = Date.now();
  // Sample end times are the device's clock: shifted when ReportEndTime lies in the future.
  const ends = [...values]
    .filter(([p]) => p.endsWith(".ServiceMonitoring.ReportEndTime"))
    .map(([, v]) => parseDateTime(v))
    .filter((t): t is number => t !== null);
  const offset = clockOffset(receivedAt, null, ends.length > 0 ? Math.max(...ends) : null);
  const result = await ingestReadings(
    event.deviceId,
    [{ at: correctTime(at || receivedAt, 0, receivedAt), values }],
    { source: "totals", offset, receivedAt },
  );
  logger("monitoring-poll").debug({ deviceId: event.deviceId, ...result }, "polled statistics stored");
}

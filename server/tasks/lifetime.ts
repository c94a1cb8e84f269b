// Every task ends: one queued without an explicit expiry lives TASK_LIFETIME_HOURS, and when that
// passes (queued, sent, or waiting for a transfer to complete) it is marked expired with a plain
// reason an operator reads ("not answered within 24 h").
import { settings } from "../env";

/** The expiry of a task queued now without an explicit one. */
export function defaultExpiry(now = new Date(), hours = settings().TASK_LIFETIME_HOURS): Date {
  return new Date(now.getTime() + hours * 3_600_000);
}

// A transfer's time is counted from when it was sent (a firmware Download gets FIRMWARE_VERIFY_MINUTES
// from then, server/tasks/claim.ts), anything else's from when it was queued.
const GIVEN_FROM = `coalesce(CASE WHEN t.state = 'waiting' THEN t."sentAt" END, t."createdAt")`;

/**
 * The expiry reason as SQL over a Task row aliased `t` (its old state): how long the task was given,
 * "24 h" or "90 min", so the claim statement and the periodic sweep write the same words.
 */
export const EXPIRY_REASON_SQL = `CASE WHEN t.state = 'waiting' THEN 'transfer not completed within '
       ELSE 'not answered within ' END ||
  CASE WHEN t."expiresAt" - ${GIVEN_FROM} >= interval '1 hour'
       THEN round(extract(epoch FROM t."expiresAt" - ${GIVEN_FROM}) / 3600)::text || ' h'
       ELSE greatest(1, round(extract(epoch FROM t."expiresAt" - ${GIVEN_FROM}) / 60))::text || ' min' END`;

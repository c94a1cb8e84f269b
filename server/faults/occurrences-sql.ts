// One fault occurrence per row, in a window [since, until]: the shared source of the summary and the bulk retry.
// Nearly every task that ends as a fault writes a DeviceFault with its taskId in the same transaction
// (CPE fault, attempts cap, invalid answer, failed transfer, firmware not applied), so DeviceFault is
// the source, joined to its task for the RPC name. Fault tasks without such a row (older rows, a path
// that may not write one) are added once, so nothing is counted twice and nothing is missed.
import { Prisma } from "../generated/prisma/client";
import { AUDIENCE_PATH_SQL_REGEX } from "../../lib/audience/paths";

/**
 * A CTE body with columns device_id, task_id (null: a protocol or CPE-reported fault), task (RPC name or
 * null), code (0 when the CPE sent none: an attempts cap, an invalid answer), at, message, and
 * audience: the task's request names an audience path (computed only when `flagAudience`, else false),
 * so a reader without audience.read is never shown such a task's message.
 */
export function occurrencesSql(since: Date, until: Date, flagAudience = false): Prisma.Sql {
  const audience = flagAudience
    ? Prisma.sql`COALESCE(t.request::text ~* ${AUDIENCE_PATH_SQL_REGEX}, false)`
    : Prisma.sql`false`;
  return Prisma.sql`
    SELECT f."deviceId" AS device_id, f."taskId" AS task_id, t.name AS task, f.code, f.at, f.message,
           ${audience} AS audience
      FROM "DeviceFault" f LEFT JOIN "Task" t ON t.id = f."taskId"
     WHERE f.at >= ${since}::timestamp AND f.at <= ${until}::timestamp
    UNION ALL
    SELECT t."deviceId", t.id, t.name, COALESCE(t."faultCode", 0), t."completedAt",
           COALESCE(t."faultString", ''), ${audience}
      FROM "Task" t
     WHERE t.state = 'fault' AND t."completedAt" >= ${since}::timestamp
       AND t."completedAt" <= ${until}::timestamp
       AND NOT EXISTS (SELECT 1 FROM "DeviceFault" f
                        WHERE f."deviceId" = t."deviceId" AND f."taskId" = t.id)`;
}

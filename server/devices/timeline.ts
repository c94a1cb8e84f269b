// A device's history, newest first: informs (event codes, command keys), tasks (created, then
// finished with their fault), CPE events (TransferComplete ...), faults and operator actions.
// One UNION ALL over the per-device indexes, paged with a keyset cursor (at, key) so rows arriving
// while an operator reads never shift the next page.
import "server-only";
import { redactSecrets } from "../datamodel/secret-parameters";
// Loaded for its side effect: the data model's hidden flag joins the secret names (vendor models).
import "../datamodel/registry";
import { db } from "../db";
import { Prisma } from "../generated/prisma/client";
import {
  AUDIENCE_HIDDEN,
  AUDIENCE_TASK,
  isAudienceOnlyRequest,
  visibleText,
  withoutAudience,
  WITHOUT_AUDIENCE,
  type Reader,
} from "./audience-visibility";

export type TimelineKind = "inform" | "task" | "task-end" | "event" | "fault" | "audit";

export interface TimelineItem {
  at: Date;
  key: string;
  kind: TimelineKind;
  title: string;
  detail: Record<string, unknown>;
}

/** What an operator filters the history by; each covers one or two kinds. */
export const TIMELINE_FILTERS = ["informs", "tasks", "operator", "faults"] as const;
export type TimelineFilter = (typeof TIMELINE_FILTERS)[number];

const KINDS_OF: Record<TimelineFilter, TimelineKind[]> = {
  // CPE events (TransferComplete ...) arrive in the device's sessions: they go with its informs.
  informs: ["inform", "event"],
  tasks: ["task", "task-end"],
  operator: ["audit"],
  faults: ["fault"],
};

export interface TimelineCursor {
  at: string;
  key: string;
}

export interface TimelinePage {
  items: TimelineItem[];
  nextCursor: TimelineCursor | null;
  /** A since read returned the oldest `limit` of the newer entries: read again from its newest. */
  newerRemain: boolean;
}

export interface TimelineOptions {
  /** older than this entry (the next page of the history) */
  cursor?: TimelineCursor | null;
  /** newer than this entry (what an open page has not shown yet) */
  since?: TimelineCursor | null;
  limit?: number;
  filters?: readonly TimelineFilter[];
  /** what the operator may see (audience.read); absent: audience data hidden */
  reader?: Reader;
}

const key = (prefix: string, id: Prisma.Sql) => Prisma.sql`${prefix}::text || lpad(${id}::text, 20, '0')`;

const targetOf = (detail: Record<string, unknown>) =>
  typeof detail.target === "string" ? detail.target : null;

const position = (c: TimelineCursor) => Prisma.sql`(${c.at}::timestamp, ${c.key}::text)`;

export async function deviceTimeline(deviceId: number, options: TimelineOptions = {}): Promise<TimelinePage> {
  const limit = Math.min(Math.max(options.limit ?? 30, 1), 200);
  const { cursor, since } = options;
  // Each branch filters on (at, key) against the cursors and takes at most `limit` + 1 rows (the one
  // more says whether another page exists) from its own index in (at, key) order, so rows with equal
  // timestamps are cut where the outer order cuts them.
  // A since read walks forward from the cursor (oldest first), so a burst larger than `limit` is
  // read in contiguous slices; the items still go out newest first.
  const order = Prisma.raw(since ? "ASC" : "DESC");
  const range = (at: Prisma.Sql, k: Prisma.Sql) =>
    Prisma.sql`${cursor ? Prisma.sql`AND (${at}, ${k}) < ${position(cursor)}` : Prisma.empty}
               ${since ? Prisma.sql`AND (${at}, ${k}) > ${position(since)}` : Prisma.empty}
               ORDER BY ${at} ${order}, ${k} ${order} LIMIT ${limit + 1}`;
  // No filter = everything. A branch filtered out gets a constant false condition: PostgreSQL skips
  // it without reading its index.
  const shown = new Set(options.filters?.length ? options.filters.flatMap((f) => KINDS_OF[f]) : null);
  const on = (kind: TimelineKind) =>
    shown.size === 0 || shown.has(kind) ? Prisma.empty : Prisma.sql`AND FALSE`;

  const informKey = key("i", Prisma.sql`i.id`);
  const taskKey = key("t", Prisma.sql`t.id`);
  const endKey = key("u", Prisma.sql`t.id`);
  const eventKey = key("e", Prisma.sql`e.id`);
  const faultKey = key("f", Prisma.sql`f.id`);
  const auditKey = key("a", Prisma.sql`a.id`);

  const rows = await db().$queryRaw<TimelineItem[]>`
    SELECT * FROM (
      (SELECT i."receivedAt" AS at, ${informKey} AS key, 'inform' AS kind,
              array_to_string(i.events, ', ') AS title,
              jsonb_build_object('events', i.events, 'commandKeys', i."commandKeys",
                                 'retryCount', i."retryCount", 'remoteAddress', i."remoteAddress") AS detail
         FROM "InformEvent" i WHERE i."deviceId" = ${deviceId} ${on("inform")}
              ${range(Prisma.sql`i."receivedAt"`, informKey)})
      UNION ALL
      (SELECT t."createdAt", ${taskKey}, 'task', t.name,
              jsonb_build_object('taskId', t.id, 'state', t.state::text, 'createdBy', t."createdBy",
                                 'request', t.request)
         FROM "Task" t WHERE t."deviceId" = ${deviceId} ${on("task")} ${range(Prisma.sql`t."createdAt"`, taskKey)})
      UNION ALL
      (SELECT t."completedAt", ${endKey}, 'task-end', t.name,
              jsonb_build_object('taskId', t.id, 'state', t.state::text, 'faultCode', t."faultCode",
                                 'faultString', t."faultString", 'attempts', t.attempts)
         FROM "Task" t WHERE t."deviceId" = ${deviceId} AND t."completedAt" IS NOT NULL ${on("task-end")}
              ${range(Prisma.sql`t."completedAt"`, endKey)})
      UNION ALL
      (SELECT e."receivedAt", ${eventKey}, 'event', e.type, jsonb_build_object('payload', e.payload)
         FROM "DeviceEvent" e WHERE e."deviceId" = ${deviceId} ${on("event")}
              ${range(Prisma.sql`e."receivedAt"`, eventKey)})
      UNION ALL
      (SELECT f.at, ${faultKey}, 'fault', f.code::text || ' ' || f.message,
              jsonb_build_object('code', f.code, 'message', f.message, 'taskId', f."taskId")
         FROM "DeviceFault" f WHERE f."deviceId" = ${deviceId} ${on("fault")} ${range(Prisma.sql`f.at`, faultKey)})
      UNION ALL
      (SELECT a.at, ${auditKey}, 'audit', a.action,
              jsonb_build_object('operator', o.username, 'target', a.target, 'before', a.before, 'after', a.after)
         FROM "AuditLog" a LEFT JOIN "Operator" o ON o.id = a."operatorId"
        WHERE a."deviceId" = ${deviceId} ${on("audit")} ${range(Prisma.sql`a.at`, auditKey)})
    ) timeline
    ORDER BY at ${order}, key ${order}
    LIMIT ${limit + 1}`;

  // Task requests (SetParameterValues of a Wi-Fi key), CPE event payloads and audit values may hold
  // secrets: every item's detail is masked before it leaves the server.
  const masked = rows.slice(0, limit).map((item): TimelineItem => ({
    ...item,
    detail: redactSecrets(item.detail, item.kind === "audit" ? targetOf(item.detail) : null),
  }));
  const items = await withoutAudienceItems(options.reader ?? WITHOUT_AUDIENCE, masked);
  const more = rows.length > limit;
  if (since) return { items: items.reverse(), nextCursor: null, newerRemain: more };
  const last = items[items.length - 1];
  return {
    items,
    nextCursor: more && last ? { at: last.at.toISOString(), key: last.key } : null,
    newerRemain: false,
  };
}

const taskIdOf = (detail: Record<string, unknown>) =>
  typeof detail.taskId === "number" && Number.isInteger(detail.taskId) ? detail.taskId : null;

/**
 * The page's items as an operator without audience.read may see them: a task only about audience
 * paths (its creation, its end, its faults) shows as AUDIENCE_TASK with no request, fault text or
 * answer; an audit row about an audience path keeps its action and operator, not its values; any
 * other detail loses its audience entries (audience-visibility.ts).
 */
async function withoutAudienceItems(reader: Reader, items: TimelineItem[]): Promise<TimelineItem[]> {
  if (reader.audience) return items;
  // The end and fault rows do not carry the request: one read of the page's tasks (at most `limit`).
  const ids = [...new Set(items.map((i) => taskIdOf(i.detail)).filter((id) => id !== null))];
  const tasks = ids.length
    ? await db().task.findMany({ where: { id: { in: ids } }, select: { id: true, request: true } })
    : [];
  const audienceTasks = new Set(tasks.filter((t) => isAudienceOnlyRequest(t.request)).map((t) => t.id));
  return items.map((item): TimelineItem => {
    const taskId = taskIdOf(item.detail);
    if (taskId !== null && audienceTasks.has(taskId)) {
      const { taskId: id, state, createdBy, attempts, code, faultCode } = item.detail;
      const kept = { taskId: id, state, createdBy, attempts, code, faultCode };
      return {
        ...item,
        title: item.kind === "fault" ? `${String(code)} ${AUDIENCE_TASK}` : AUDIENCE_TASK,
        detail: Object.fromEntries(Object.entries(kept).filter(([, v]) => v !== undefined)),
      };
    }
    if (item.kind === "audit" && visibleText(reader, targetOf(item.detail)) === AUDIENCE_HIDDEN) {
      return {
        ...item,
        detail: { operator: item.detail.operator, target: AUDIENCE_HIDDEN, before: null, after: null },
      };
    }
    return { ...item, title: visibleText(reader, item.title), detail: withoutAudience(reader, item.detail) };
  });
}

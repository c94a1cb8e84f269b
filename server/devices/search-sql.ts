// The device search as SQL fragments. Every predicate is one an index serves: trigram GIN indexes for
// partial text (ILIKE '%…%'), the tags GIN index for tags @> ARRAY[…], btree indexes for equality,
// ranges and sorting. No "server-only" marker: the bulk runner in the ACS process (plain Node, not the
// Next bundle) walks search results through these functions too.
import { Prisma } from "../generated/prisma/client";
import { mentionsAudience } from "./audience-visibility";
import { FAULT_DAYS_DEFAULT, type DeviceFilter, type DeviceSearch } from "../../lib/devices/search-query";

/** CPEs that send no PeriodicInformInterval are assumed to use the TR-069 common default. */
export const DEFAULT_INFORM_INTERVAL_S = 300;
/** Slack for clock skew and slow sessions before a device that missed two informs is called offline. */
export const ONLINE_GRACE_S = 60;
/** Longest interval the index bound assumes (24 h); a device informing less often is rare. */
const MAX_INTERVAL_FOR_BOUND_S = 86_400;
/** Trigrams need three characters; shorter text can only be matched exactly (btree equality). */
export const MIN_PARTIAL_LENGTH = 3;

/** The one definition of "online", shared by the filter's SQL and the displayed badge. */
export function isOnline(
  lastInform: Date | null,
  periodicInformInterval: number | bigint | null,
  now: Date,
): boolean {
  if (!lastInform) return false;
  const windowS = 2 * Number(periodicInformInterval ?? DEFAULT_INFORM_INTERVAL_S) + ONLINE_GRACE_S;
  return now.getTime() - lastInform.getTime() < windowS * 1000;
}

/**
 * MACs are stored upper-case with colons. Typed forms such as "aa-bb-cc", "aabb.cc00.0001" or
 * "AABBCC000001" become "AA:BB:CC", "AA:BB:CC:00:00:01"; anything else is returned upper-cased.
 */
export function normaliseMac(text: string): string {
  const upper = text.trim().toUpperCase();
  const bare = upper.replace(/[.:-]/g, "");
  if (/^[0-9A-F]{12}$/.test(bare) && (bare === upper || /^[0-9A-F]{4}(\.[0-9A-F]{4}){2}$/.test(upper))) {
    return bare.replace(/(..)(?!$)/g, "$1:");
  }
  if (/^[0-9A-F]{1,2}([:-][0-9A-F]{1,2})+[:-]?$/.test(upper)) return upper.replace(/-/g, ":");
  return upper;
}

/** Escapes LIKE wildcards (backslash is PostgreSQL's default LIKE escape character). */
export function likeContains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

// Prisma stores DateTime as UTC in "timestamp(3)" columns; casting the ISO text to timestamp keeps UTC.
const at = (date: Date) => Prisma.sql`${date.toISOString()}::timestamp`;

const FULL_MAC = /^[0-9A-F]{2}(:[0-9A-F]{2}){5}$/;

function freeText(q: string): Prisma.Sql {
  const mac = normaliseMac(q);
  if (q.length < MIN_PARTIAL_LENGTH) {
    return Prisma.sql`("serialNumber" = ${q} OR "subscriberId" = ${q} OR "macAddress" = ${mac}
      OR "tags" @> ARRAY[${q}]::text[])`;
  }
  const pattern = likeContains(q);
  // A whole MAC is looked up by equality (btree): MAC trigrams repeat across a vendor's whole fleet,
  // so a trigram scan for one would visit a large share of the table.
  const macMatch = FULL_MAC.test(mac)
    ? Prisma.sql`"macAddress" = ${mac}`
    : Prisma.sql`"macAddress" ILIKE ${likeContains(mac)}`;
  return Prisma.sql`("serialNumber" ILIKE ${pattern} OR "subscriberId" ILIKE ${pattern}
    OR "ipAddress" ILIKE ${pattern} OR ${macMatch} OR "tags" @> ARRAY[${q}]::text[])`;
}

/**
 * A device's last inform lives only in DeviceLastInform: one narrow row per device (null: never
 * informed), kept apart so that a periodic Inform that changes nothing writes no Device row. Every
 * device has its row once committed; its (informedAt, deviceId) index serves ranges and the sort.
 * A query reads it one of three ways (LastInformSource):
 * - "joined": FROM Device joined with it, conditions on the joined "informedAt". For the page walked in
 *   last-inform order (pageSource).
 * - "lookup": FROM Device alone, the conditions in one correlated EXISTS, which PostgreSQL turns into a
 *   join on the key: it can start from the few devices a narrow range or online's bound leaves in the
 *   index. For counts, estimates, id walks, other sorts' pages, the bulk runner and waves.
 * - "row": FROM Device alone, one subquery per row (a key lookup) that PostgreSQL never turns into a
 *   join. For the matches of a selective filter, materialised first (search.ts, searchMatchesFirst): the
 *   planner cannot estimate free text or jsonb matches, and at 1M devices joined the few it found to
 *   the whole table by a hash (58 ms instead of 0.3 ms for a partial serial; 10,000 matches of a release
 *   collected: 145 ms instead of 40 ms).
 */
export type LastInformSource = "joined" | "lookup" | "row";

const DEVICE_WITH_LAST_INFORM = Prisma.sql`"Device" JOIN "DeviceLastInform" ON "deviceId" = "id"`;

/**
 * The device's last inform on Device alone (a subquery per row). In it and in the conditions, unqualified
 * "id" and "periodicInformInterval" are the outer device's (DeviceLastInform has neither): Device under an
 * alias works too.
 */
export const LAST_INFORM_OF_ROW = Prisma.sql`(SELECT "informedAt" FROM "DeviceLastInform" WHERE "deviceId" = "id")`;

function onlineCondition(online: boolean, now: Date): Prisma.Sql[] {
  const window = Prisma.sql`make_interval(secs => 2 * COALESCE("periodicInformInterval", ${DEFAULT_INFORM_INTERVAL_S}) + ${ONLINE_GRACE_S})`;
  // A lower bound on last inform alone lets its index narrow the scan before the per-device interval
  // is checked; beyond it every device is offline (intervals over 24 h are not assumed).
  const bound = at(new Date(now.getTime() - (2 * MAX_INTERVAL_FOR_BOUND_S + ONLINE_GRACE_S) * 1000));
  if (online) return [Prisma.sql`"informedAt" > ${bound}`, Prisma.sql`"informedAt" > ${at(now)} - ${window}`];
  return [Prisma.sql`("informedAt" IS NULL OR "informedAt" <= ${at(now)} - ${window})`];
}

/** The filter's conditions on last inform (online, before, after) as one condition, or none. */
function lastInformCondition(
  filter: DeviceFilter,
  now: Date,
  source: LastInformSource,
): Prisma.Sql | undefined {
  const c: Prisma.Sql[] = [];
  if (filter.online !== undefined) c.push(...onlineCondition(filter.online, now));
  if (filter.lastInformBefore) c.push(Prisma.sql`"informedAt" < ${at(filter.lastInformBefore)}`);
  if (filter.lastInformAfter) c.push(Prisma.sql`"informedAt" > ${at(filter.lastInformAfter)}`);
  if (c.length === 0) return undefined;
  const all = Prisma.join(c, " AND ");
  if (source === "joined") return all;
  if (source === "row") return Prisma.sql`(SELECT ${all} FROM "DeviceLastInform" WHERE "deviceId" = "id")`;
  return Prisma.sql`EXISTS (SELECT 1 FROM "DeviceLastInform" WHERE "deviceId" = "id" AND ${all})`;
}

/** xsd types whose values compare as numbers (the document keeps them in canonical decimal form). */
const NUMERIC_TYPES = ["int", "unsignedInt", "long", "unsignedLong", "double", "decimal", "float"];
/**
 * Numbers the comparison casts: plain decimals of bounded length, which ::numeric always accepts (an
 * exponent such as 1e999999 would overflow it). Anything else compares as text or not at all.
 */
const NUMBER = /^[+-]?\d{1,100}(\.\d{1,100})?$/;
const NUMBER_SQL = "^[+-]?[0-9]{1,100}([.][0-9]{1,100})?$";

type ParamFilter = NonNullable<DeviceFilter["param"]>;

/**
 * How `parameter = value` is tested. "indexed": by the pair's 64-bit key, which the GIN index on
 * vantage_parameter_keys("parameters") serves exactly (migration parameter_keys): counting or collecting
 * 10,000 matches reads no document. "document": against each row's document (containment), for a page
 * walked in sort order through dense matches, where computing a row's keys would cost ~0.1 ms.
 */
export type ParameterMatch = "indexed" | "document";

/**
 * Equality goes by the pair's key (or the document, see ParameterMatch); `exists` uses `?`, which a
 * jsonb_ops index would serve. The rest read the value out of each candidate's document, so combine
 * them with a selective filter on a large fleet (README, search benchmark).
 */
export function parameterCondition(param: ParamFilter, match: ParameterMatch = "indexed"): Prisma.Sql {
  const { path, value } = param;
  // A stored search (saved, a bulk selection) from before audience paths were refused: matches nothing.
  if (mentionsAudience(path)) return Prisma.sql`FALSE`;
  const v = Prisma.sql`("parameters" -> ${path}::text ->> 'v')`;
  switch (param.op) {
    case "eq":
      return match === "indexed"
        ? Prisma.sql`vantage_parameter_keys("parameters") @> ARRAY[vantage_parameter_key(${path}::text, ${value}::text)]`
        : Prisma.sql`"parameters" @> jsonb_build_object(${path}::text, jsonb_build_object('v', ${value}::text))`;
    case "ne":
      // Devices that report the parameter with another value; a device without it is not "≠ x".
      return Prisma.sql`(${v} IS NOT NULL AND ${v} <> ${value}::text)`;
    case "contains":
      return Prisma.sql`${v} ILIKE ${likeContains(value)}`;
    case "exists":
      return Prisma.sql`"parameters" ? ${path}::text`;
    case "lt":
    case "gt":
      return comparison(path, v, param.op === "lt" ? "<" : ">", value);
  }
}

function comparison(path: string, v: Prisma.Sql, op: "<" | ">", value: string): Prisma.Sql {
  const sign = Prisma.raw(op);
  const text = Prisma.sql`${v} ${sign} ${value}::text`;
  const number = value.trim();
  if (!NUMBER.test(number)) return text;
  const numeric = Prisma.sql`("parameters" -> ${path}::text ->> 't') IN (${Prisma.join(NUMERIC_TYPES)})`;
  // A numeric parameter compares as a number; one whose value is not a number (a device reporting
  // "abc") matches nothing rather than failing the query: CASE tries its branches in order, so the
  // cast only ever sees values the pattern accepted.
  return Prisma.sql`(CASE
    WHEN ${numeric} AND ${v} ~ ${NUMBER_SQL} THEN ${v}::numeric ${sign} ${number}::numeric
    WHEN ${numeric} THEN false
    ELSE ${text} END)`;
}

/**
 * Devices with a recorded fault (DeviceFault, or a task ended as a fault) in the window. Written as
 * "id IN (…)" so the planner can start from the few faulty devices (the Task (state, completedAt) and
 * DeviceFault (deviceId, at) indexes) instead of testing every device.
 */
function faultCondition(filter: DeviceFilter, now: Date): Prisma.Sql | undefined {
  const { faultCode, faultTask, faultDays } = filter;
  if (faultCode === undefined && !faultTask && faultDays === undefined) return undefined;
  const since = at(new Date(now.getTime() - (faultDays ?? FAULT_DAYS_DEFAULT) * 86_400_000));
  const fault: Prisma.Sql[] = [Prisma.sql`f."at" > ${since}`];
  const task: Prisma.Sql[] = [
    Prisma.sql`t."state" = 'fault'::"TaskState"`,
    Prisma.sql`t."completedAt" > ${since}`,
  ];
  if (faultCode !== undefined) {
    fault.push(Prisma.sql`f."code" = ${faultCode}`);
    task.push(Prisma.sql`t."faultCode" = ${faultCode}`);
  }
  const faultTable = faultTask
    ? Prisma.sql`"DeviceFault" f JOIN "Task" ft ON ft."id" = f."taskId" AND ft."name" = ${faultTask}`
    : Prisma.sql`"DeviceFault" f`;
  if (faultTask) task.push(Prisma.sql`t."name" = ${faultTask}`);
  return Prisma.sql`"id" IN (
    SELECT f."deviceId" FROM ${faultTable} WHERE ${Prisma.join(fault, " AND ")}
    UNION SELECT t."deviceId" FROM "Task" t WHERE ${Prisma.join(task, " AND ")})`;
}

/**
 * WHERE clause (or nothing) for a filter; `now` fixes the instant "online" is judged at. For a query
 * on Device alone unless `source` says "joined" (see LastInformSource).
 */
export function whereClause(
  filter: DeviceFilter,
  now: Date,
  extra: Prisma.Sql[] = [],
  parameterMatch: ParameterMatch = "indexed",
  source: LastInformSource = "lookup",
): Prisma.Sql {
  const c: Prisma.Sql[] = [...extra];
  const q = filter.q?.trim();
  if (q) c.push(freeText(q));
  if (filter.manufacturer) c.push(Prisma.sql`"manufacturer" = ${filter.manufacturer}`);
  if (filter.oui) c.push(Prisma.sql`"oui" = ${filter.oui.toUpperCase()}`);
  if (filter.productClass) c.push(Prisma.sql`"productClass" = ${filter.productClass}`);
  if (filter.softwareVersion) c.push(Prisma.sql`"softwareVersion" = ${filter.softwareVersion}`);
  if (filter.kind) c.push(Prisma.sql`"kind" = ${filter.kind}::"DeviceKind"`);
  const lastInform = lastInformCondition(filter, now, source);
  if (lastInform) c.push(lastInform);
  if (filter.tag) c.push(Prisma.sql`"tags" @> ARRAY[${filter.tag}]::text[]`);
  if (filter.param) c.push(parameterCondition(filter.param, parameterMatch));
  if (filter.bootstrapIncomplete) c.push(Prisma.sql`"fullReadFailedAt" IS NOT NULL`);
  const faults = faultCondition(filter, now);
  if (faults) c.push(faults);
  return c.length ? Prisma.sql`WHERE ${Prisma.join(c, " AND ")}` : Prisma.empty;
}

/**
 * ORDER BY for a search over rows with the list's columns (the materialised matches in search.ts, whose
 * "lastInform" is DeviceLastInform's). Nulls sort where a plain btree index puts them (last ascending,
 * first descending) so an index scan can serve the order; "id" breaks ties so pages never overlap.
 */
export function orderClause(search: Pick<DeviceSearch, "sort" | "dir">): Prisma.Sql {
  // The field comes from DEVICE_SORT_FIELDS (validated by zod), so quoting it raw is safe.
  const dir = search.dir === "asc" ? "ASC" : "DESC";
  return Prisma.sql`ORDER BY ${Prisma.raw(`"${search.sort}" ${dir}, "id" ${dir}`)}`;
}

/**
 * FROM, WHERE, ORDER BY and the last inform's column for a page read straight from the table. Sorted by
 * last inform, the page walks DeviceLastInform's (informedAt, deviceId) index and joins each device; a
 * last-inform range, tested on the joined row, starts the walk at it (tested only as "id IN (...)",
 * "offline, last inform > 1 day ago" walked the ~900,000 newer devices first: 2.5 s at 1M). Sorted
 * otherwise, the page walks Device and looks up the last inform of the rows it shows.
 */
export function pageSource(
  search: DeviceSearch,
  now: Date,
  parameterMatch: ParameterMatch = "indexed",
): {
  from: Prisma.Sql;
  where: Prisma.Sql;
  order: Prisma.Sql;
  lastInform: Prisma.Sql;
} {
  if (search.sort !== "lastInform") {
    return {
      from: Prisma.sql`"Device"`,
      where: whereClause(search, now, [], parameterMatch),
      order: orderClause(search),
      lastInform: LAST_INFORM_OF_ROW,
    };
  }
  const dir = search.dir === "asc" ? "ASC" : "DESC";
  return {
    from: DEVICE_WITH_LAST_INFORM,
    where: whereClause(search, now, [], parameterMatch, "joined"),
    order: Prisma.raw(`ORDER BY "informedAt" ${dir}, "deviceId" ${dir}`),
    lastInform: Prisma.sql`"informedAt"`,
  };
}

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
 * Device.lastInform is not indexed (an Inform's update stays HOT); its copy DeviceLastInform."informedAt"
 * is (schema.prisma). A range on last inform is looked up there, so the planner can start from the few
 * matching devices.
 */
const informedIn = (range: Prisma.Sql): Prisma.Sql =>
  Prisma.sql`"id" IN (SELECT "deviceId" FROM "DeviceLastInform" WHERE "informedAt" ${range})`;

function onlineCondition(online: boolean, now: Date): Prisma.Sql {
  const window = Prisma.sql`make_interval(secs => 2 * COALESCE("periodicInformInterval", ${DEFAULT_INFORM_INTERVAL_S}) + ${ONLINE_GRACE_S})`;
  // A lower bound on last inform alone lets its index narrow the scan before the per-device interval
  // is checked; beyond it every device is offline (intervals over 24 h are not assumed).
  const bound = at(new Date(now.getTime() - (2 * MAX_INTERVAL_FOR_BOUND_S + ONLINE_GRACE_S) * 1000));
  if (online)
    return Prisma.sql`(${informedIn(Prisma.sql`> ${bound}`)} AND "lastInform" > ${at(now)} - ${window})`;
  return Prisma.sql`("lastInform" IS NULL OR "lastInform" <= ${at(now)} - ${window})`;
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

/** WHERE clause (or nothing) for a filter; `now` fixes the instant "online" is judged at. */
export function whereClause(
  filter: DeviceFilter,
  now: Date,
  extra: Prisma.Sql[] = [],
  parameterMatch: ParameterMatch = "indexed",
): Prisma.Sql {
  const c: Prisma.Sql[] = [...extra];
  const q = filter.q?.trim();
  if (q) c.push(freeText(q));
  if (filter.manufacturer) c.push(Prisma.sql`"manufacturer" = ${filter.manufacturer}`);
  if (filter.oui) c.push(Prisma.sql`"oui" = ${filter.oui.toUpperCase()}`);
  if (filter.productClass) c.push(Prisma.sql`"productClass" = ${filter.productClass}`);
  if (filter.softwareVersion) c.push(Prisma.sql`"softwareVersion" = ${filter.softwareVersion}`);
  if (filter.kind) c.push(Prisma.sql`"kind" = ${filter.kind}::"DeviceKind"`);
  if (filter.online !== undefined) c.push(onlineCondition(filter.online, now));
  if (filter.lastInformBefore) c.push(informedIn(Prisma.sql`< ${at(filter.lastInformBefore)}`));
  if (filter.lastInformAfter) c.push(informedIn(Prisma.sql`> ${at(filter.lastInformAfter)}`));
  if (filter.tag) c.push(Prisma.sql`"tags" @> ARRAY[${filter.tag}]::text[]`);
  if (filter.param) c.push(parameterCondition(filter.param, parameterMatch));
  if (filter.bootstrapIncomplete) c.push(Prisma.sql`"fullReadFailedAt" IS NOT NULL`);
  const faults = faultCondition(filter, now);
  if (faults) c.push(faults);
  return c.length ? Prisma.sql`WHERE ${Prisma.join(c, " AND ")}` : Prisma.empty;
}

/**
 * ORDER BY for a search. Nulls sort where a plain btree index puts them (last ascending, first
 * descending) so the index scan serves the order; "id" breaks ties so pages never overlap.
 */
export function orderClause(search: Pick<DeviceSearch, "sort" | "dir">): Prisma.Sql {
  // The field comes from DEVICE_SORT_FIELDS (validated by zod), so quoting it raw is safe.
  const dir = search.dir === "asc" ? "ASC" : "DESC";
  return Prisma.sql`ORDER BY ${Prisma.raw(`"${search.sort}" ${dir}, "id" ${dir}`)}`;
}

/**
 * FROM and ORDER BY for a page read straight from the table. Sorted by last inform, the page walks the
 * indexed copy (DeviceLastInform, one row per device, equal to Device.lastInform) and joins each
 * device, as it walked Device's own lastInform index before that index was dropped. The filter's
 * last-inform range is repeated on the joined copy so the walk starts at it: tested only through
 * whereClause's "id IN (...)", "offline, last inform > 1 day ago" walked the ~900,000 newer devices
 * first (2.5 s at 1M).
 */
export function pageSource(
  search: Pick<DeviceSearch, "sort" | "dir" | "lastInformBefore" | "lastInformAfter">,
): {
  from: Prisma.Sql;
  order: Prisma.Sql;
} {
  if (search.sort !== "lastInform") return { from: Prisma.sql`"Device"`, order: orderClause(search) };
  const dir = search.dir === "asc" ? "ASC" : "DESC";
  const on = [Prisma.sql`"deviceId" = "id"`];
  if (search.lastInformBefore) on.push(Prisma.sql`"informedAt" < ${at(search.lastInformBefore)}`);
  if (search.lastInformAfter) on.push(Prisma.sql`"informedAt" > ${at(search.lastInformAfter)}`);
  return {
    from: Prisma.sql`"Device" JOIN "DeviceLastInform" ON ${Prisma.join(on, " AND ")}`,
    order: Prisma.raw(`ORDER BY "informedAt" ${dir}, "deviceId" ${dir}`),
  };
}

// Reads of the parameter document for the console's live tree: the direct children of one path
// (computed in SQL so a document of thousands of keys never travels whole), single entries, and the
// diagnostics objects. Data model facts label each child and drive the editors.
// No "server-only" marker: the monitoring poll (started by server/start.ts under tsx) reads entries here.
import { AppError } from "../core/app-error";
import { lookupObject, lookupParameter, type ParamFacts } from "../datamodel";
import { isSecretParameter, REDACTED } from "../datamodel/secret-parameters";
import { db, preparedQuery } from "../db";
import { AUDIENCE_PATH_SQL_REGEX } from "../../lib/audience/paths";
import { AUDIENCE_HIDDEN, mentionsAudience, WITHOUT_AUDIENCE, type Reader } from "./audience-visibility";
import { diagnosticsObjects } from "./diagnostics-objects";
import type { ParameterEntry } from "./parameter-document";

/** The facts a browser needs to label and validate a value (no prose exists in the facts). */
export type ClientFacts = Pick<
  ParamFacts,
  "t" | "d" | "w" | "r" | "l" | "ml" | "e" | "ero" | "pt" | "L" | "u" | "h" | "c"
> & { pattern: string };

export interface TreeChild {
  path: string;
  name: string;
  object: boolean;
  /** parameters and objects below this child, known to the document */
  descendants: number;
  entry: ParameterEntry | null;
  facts: ClientFacts | null;
  /** objects: the model says instances may be added (table) or deleted (instance) */
  modelWritable: boolean;
  multiInstance: boolean;
}

export interface TreeLevel {
  path: string;
  self: ParameterEntry | null;
  children: TreeChild[];
}

interface ChildRow {
  name: string;
  object: boolean;
  descendants: number;
  entry: ParameterEntry | null;
}

export function clientFacts(path: string): ClientFacts | null {
  const hit = lookupParameter(path);
  if (!hit) return null;
  const { t, d, w, r, l, ml, e, ero, pt, L, u, h, c } = hit.facts;
  return { pattern: hit.pattern, t, d, w, r, l, ml, e, ero, pt, L, u, h, c };
}

/**
 * An entry as the console may see it. Secret values are not stored (parameter-document.ts), but a
 * document written before that rule, or a value a future path forgets, is masked here on the way out.
 */
export function presentableEntry(
  path: string,
  entry: ParameterEntry | null,
  reader: Reader = WITHOUT_AUDIENCE,
): ParameterEntry | null {
  if (!entry || entry.v === undefined || entry.v === "") return entry;
  if (isSecretParameter(path)) return { ...entry, v: REDACTED };
  // A value naming an audience path (a BulkData profile's Reference) says which channels are counted.
  return !reader.audience && mentionsAudience(entry.v) ? { ...entry, v: AUDIENCE_HIDDEN } : entry;
}

/** Instance numbers sort numerically, names alphabetically. */
function compareNames(a: string, b: string): number {
  const na = /^\d+$/.test(a) ? Number(a) : NaN;
  const nb = /^\d+$/.test(b) ? Number(b) : NaN;
  if (!Number.isNaN(na) && !Number.isNaN(nb)) return na - nb;
  return a.localeCompare(b);
}

/**
 * Direct children of `path` ("" for the root, else an object path ending in "."). Without audience.read
 * AudienceStats objects and everything under them are absent (filtered in SQL, so the parent's
 * descendant counts leave them out too), and asking for one gives the empty level an unknown path gives.
 */
export async function listChildren(
  deviceId: number,
  path: string,
  reader: Reader = WITHOUT_AUDIENCE,
): Promise<TreeLevel> {
  if (path !== "" && !path.endsWith(".")) throw new AppError("invalid_input", "tree paths end with '.'");
  const exists = await db().device.findUnique({ where: { id: deviceId }, select: { id: true } });
  if (!exists) throw new AppError("not_found", `device ${deviceId} not found`);
  if (!reader.audience && mentionsAudience(path)) return { path, self: null, children: [] };
  // Intermediate objects a GetParameterValues learnt without names still appear (grouped by segment).
  const rows = await db().$queryRawUnsafe<ChildRow[]>(
    `WITH sub AS (
       SELECT e.value, substr(e.key, length($2) + 1) AS rest
         FROM "Device" d, jsonb_each(d.parameters) e
        WHERE d.id = $1 AND left(e.key, length($2)) = $2 AND e.key <> $2 AND ($3::boolean OR e.key !~* $4::text)),
     named AS (SELECT value, rest, split_part(rest, '.', 1) AS name FROM sub)
     SELECT name,
            bool_or(rest <> name) AS "object",
            (count(*) FILTER (WHERE rest <> name AND rest <> name || '.'))::int AS descendants,
            (jsonb_agg(value) FILTER (WHERE rest = name OR rest = name || '.')) -> 0 AS entry
       FROM named WHERE name <> '' GROUP BY name`,
    deviceId,
    path,
    reader.audience,
    AUDIENCE_PATH_SQL_REGEX,
  );
  const self = path === "" ? null : presentableEntry(path, await getEntry(deviceId, path), reader);
  const children = rows
    .sort((a, b) => compareNames(a.name, b.name))
    .map((row): TreeChild => {
      const childPath = row.object ? `${path}${row.name}.` : `${path}${row.name}`;
      const objectFacts = row.object ? lookupObject(childPath) : undefined;
      const instance = /^\d+$/.test(row.name);
      return {
        path: childPath,
        name: row.name,
        object: row.object,
        descendants: row.descendants,
        entry: presentableEntry(childPath, row.entry, reader),
        facts: row.object ? null : clientFacts(childPath),
        modelWritable: objectFacts?.facts.w === 1,
        multiInstance: objectFacts?.facts.m === 1 && !instance,
      };
    });
  return { path, self, children };
}

export async function getEntry(deviceId: number, path: string): Promise<ParameterEntry | null> {
  const rows = await db().$queryRawUnsafe<{ entry: ParameterEntry | null }[]>(
    `SELECT parameters -> $2 AS entry FROM "Device" WHERE id = $1`,
    deviceId,
    path,
  );
  const row = rows[0];
  if (!row) throw new AppError("not_found", `device ${deviceId} not found`);
  return row.entry;
}

/** Every entry whose path matches `regex` (a PostgreSQL regular expression), as path -> entry. */
export async function entriesMatching(deviceId: number, regex: string): Promise<Map<string, ParameterEntry>> {
  // On the pool: every gateway's full read comes here (household/association.ts), in a boot storm too.
  const rows = await preparedQuery<{ key: string; value: ParameterEntry }>(
    "entries-matching",
    `SELECT e.key, e.value FROM "Device" d, jsonb_each(d.parameters) e WHERE d.id = $1 AND e.key ~ $2`,
    [deviceId, regex],
  );
  return new Map(rows.map((r) => [r.key, r.value]));
}

// Re-exported: callers of the console's tree module know the standard objects by this name.
export { DIAGNOSTICS_PATHS } from "./diagnostics-objects";

export interface DiagnosticsReading {
  object: string;
  values: Record<string, string>;
  /** when the values were last read */
  ts: number | null;
  hops: { host: string; address: string; errorCode: string; rtt: string }[];
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * The ping and traceroute objects' current values (results once the CPE reported completion), read
 * from the objects the device has (the same ones the diagnostic was started on).
 */
export async function readDiagnostics(
  deviceId: number,
): Promise<{ ping: DiagnosticsReading; traceroute: DiagnosticsReading } | null> {
  const exists = await db().device.findUnique({ where: { id: deviceId }, select: { id: true } });
  if (!exists) throw new AppError("not_found", `device ${deviceId} not found`);
  const paths = await diagnosticsObjects(deviceId);
  if (!paths) return null;
  const entries = await entriesMatching(
    deviceId,
    `^(${escapeRegex(paths.ping)}|${escapeRegex(paths.traceroute)})`,
  );
  const read = (object: string): DiagnosticsReading => {
    const values: Record<string, string> = {};
    let ts: number | null = null;
    const hops = new Map<string, Record<string, string>>();
    for (const [key, entry] of entries) {
      if (!key.startsWith(object) || entry.v === undefined) continue;
      const rest = key.slice(object.length);
      const hop = /^RouteHops\.(\d+)\.(\w+)$/.exec(rest);
      if (hop) hops.set(hop[1]!, { ...hops.get(hop[1]!), [hop[2]!]: entry.v });
      else if (!rest.includes(".")) {
        values[rest] = entry.v;
        if (rest === "DiagnosticsState") ts = entry.ts;
      }
    }
    return {
      object,
      values,
      ts,
      hops: [...hops.entries()]
        .sort(([a], [b]) => Number(a) - Number(b))
        .map(([, h]) => ({
          host: h.HopHost ?? h.Host ?? "",
          address: h.HopHostAddress ?? h.HostAddress ?? "",
          errorCode: h.HopErrorCode ?? h.ErrorCode ?? "",
          rtt: h.HopRTTimes ?? h.RTTimes ?? "",
        })),
    };
  };
  return { ping: read(paths.ping), traceroute: read(paths.traceroute) };
}

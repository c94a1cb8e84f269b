// Search of one device's parameter tree by path or value substring (case-insensitive), for the
// device page. Runs in SQL over the stored document, so a 20,000-parameter tree is searched without
// sending it to the browser or rendering it; only the first `limit` matches (in path order) travel,
// with the total, and the page shows them with their ancestors expanded.
import "server-only";
import { AppError } from "../core/app-error";
import { lookupObject } from "../datamodel";
import { isSecretParameter } from "../datamodel/secret-parameters";
import { db } from "../db";
import { AUDIENCE_PATH_SQL_REGEX } from "../../lib/audience/paths";
import { WITHOUT_AUDIENCE, type Reader } from "./audience-visibility";
import type { ParameterEntry } from "./parameter-document";
import { clientFacts, presentableEntry, type TreeChild } from "./parameter-tree";
import type { TreeSearchResult } from "./tree-schemas";

export const TREE_SEARCH_LIMIT = 200;

interface Row {
  key: string;
  value: ParameterEntry;
  by_value: boolean;
  total: number;
}

/**
 * Without audience.read, AudienceStats entries are neither matched nor counted (so the total cannot
 * reveal them), and a value naming an audience path is not matched by its value.
 */
export async function searchTree(
  deviceId: number,
  query: string,
  limit = TREE_SEARCH_LIMIT,
  reader: Reader = WITHOUT_AUDIENCE,
): Promise<TreeSearchResult> {
  const needle = query.trim().toLowerCase();
  const exists = await db().device.findUnique({ where: { id: deviceId }, select: { id: true } });
  if (!exists) throw new AppError("not_found", `device ${deviceId} not found`);
  if (!needle) return { query, matches: [], total: 0 };
  // strpos, not LIKE: the operator's text is matched literally (no % or _ wildcards to escape).
  // Secret values are never stored (parameter-document.ts), so a value match cannot reveal one; the
  // by_value flag still drops any such match below, in case an old document holds one.
  const rows = await db().$queryRawUnsafe<Row[]>(
    `SELECT e.key, e.value,
            strpos(lower(e.key), $2) = 0 AS by_value,
            (count(*) OVER ())::int AS total
       FROM "Device" d, jsonb_each(d.parameters) e
      WHERE d.id = $1
        AND ($4::boolean OR e.key !~* $5::text)
        AND (strpos(lower(e.key), $2) > 0
             OR (strpos(lower(e.value ->> 'v'), $2) > 0 AND ($4::boolean OR (e.value ->> 'v') !~* $5::text)))
      ORDER BY e.key
      LIMIT $3`,
    deviceId,
    needle,
    limit,
    reader.audience,
    AUDIENCE_PATH_SQL_REGEX,
  );
  const matches = rows
    .filter((r) => !(r.by_value && isSecretParameter(r.key)))
    .map((r) => toChild(r.key, r.value, reader));
  return { query, matches, total: rows[0]?.total ?? 0 };
}

function toChild(path: string, entry: ParameterEntry, reader: Reader): TreeChild {
  const object = path.endsWith(".");
  const name = (object ? path.slice(0, -1) : path).split(".").at(-1) ?? path;
  const objectFacts = object ? lookupObject(path) : undefined;
  return {
    path,
    name,
    object,
    descendants: 0,
    entry: presentableEntry(path, entry, reader),
    facts: object ? null : clientFacts(path),
    modelWritable: objectFacts?.facts.w === 1,
    multiInstance: objectFacts?.facts.m === 1 && !/^\d+$/.test(name),
  };
}

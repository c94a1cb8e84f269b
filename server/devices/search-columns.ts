// Parameter-path columns of the device list and its CSV export: the values of a few chosen paths for
// one page (or one export batch) of devices, read out of each parameter document in one query.
// Secret parameters are never read (and are not stored in the document anyway): they show as REDACTED.
import { readDb } from "../db";
import { Prisma } from "../generated/prisma/client";
import { isSecretParameter, REDACTED } from "../datamodel/secret-parameters";
import { mentionsAudience } from "./audience-visibility";
import { DEFAULT_COLUMNS, isParameterColumn } from "../../lib/devices/search-query";

/** A device's values for the chosen parameter columns: null where the device lacks the parameter. */
export type ParameterColumnValues = Record<string, string | null>;

/** The chosen columns, or the defaults. */
export function columnsOf(columns: readonly string[] | undefined): readonly string[] {
  return columns?.length ? columns : DEFAULT_COLUMNS;
}

export function parameterPaths(columns: readonly string[] | undefined): string[] {
  return columnsOf(columns).filter(isParameterColumn);
}

/** Values of `paths` for each device id; ids without a row are absent from the map. */
export async function parameterColumnValues(
  ids: readonly number[],
  paths: readonly string[],
): Promise<Map<number, ParameterColumnValues>> {
  const out = new Map<number, ParameterColumnValues>();
  if (ids.length === 0 || paths.length === 0) return out;
  // Audience columns are refused at the search (search-audience.ts); one that slips through reads nothing.
  const readable = paths.filter((p) => !isSecretParameter(p) && !mentionsAudience(p));
  const masked = Object.fromEntries(paths.filter(isSecretParameter).map((p) => [p, REDACTED]));
  // jsonb_build_object over the readable paths only: the documents never leave the database whole.
  const pairs = readable.map((p) => Prisma.sql`${p}::text, "parameters" -> ${p}::text ->> 'v'`);
  const values = pairs.length
    ? Prisma.sql`jsonb_build_object(${Prisma.join(pairs)})`
    : Prisma.sql`'{}'::jsonb`;
  const rows = await readDb().$queryRaw<{ id: number; values: Record<string, string | null> }[]>`
    SELECT "id", ${values} AS "values" FROM "Device" WHERE "id" = ANY(${[...ids]}::int[])`;
  for (const row of rows) {
    const entry: ParameterColumnValues = {};
    for (const p of readable) entry[p] = row.values[p] ?? null;
    out.set(row.id, { ...entry, ...masked });
  }
  return out;
}

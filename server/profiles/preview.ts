// "This touches N devices; these paths change": a profile as it would be saved, evaluated against the
// devices its precondition selects, with every other enabled profile's priority respected. Read-only and
// bounded: at most PREVIEW_LIMIT devices are looked at (the answer says when it stopped early); only the
// document entries the profile names are read from each device.
import type { ProfileDefinition } from "../../lib/profiles/definition";
import { Prisma } from "../generated/prisma/client";
import { db } from "../db";
import type { ParameterDocument } from "../devices/parameter-document";
import type { InformedDevice } from "../events/session-events";
import { lookupParameter } from "../datamodel/registry";
import { enabledProfiles } from "./catalog";
import { desiredState, type ApplicableProfile } from "./desired";
import { planProfile } from "./plan";
import { matchesColumns, matchesParameter } from "./precondition";

export const PREVIEW_LIMIT = 20_000;
const BATCH = 500;
const NEW = -1; // the previewed definition's id when it has none yet

export interface ProfilePreview {
  matched: number;
  /** Devices that would get at least one change (values known to differ, instances to add or delete). */
  changing: number;
  /** Devices where some value is not known yet: read first, then changed if it differs. */
  unknown: number;
  scanned: number;
  truncated: boolean;
  /** Paths that would change, with how many devices each (most first, 50 at most). */
  paths: { path: string; devices: number }[];
}

function candidateWhere(def: ProfileDefinition): Prisma.Sql {
  const p = def.precondition;
  const parts: Prisma.Sql[] = [Prisma.sql`TRUE`];
  if (p.kinds.length) parts.push(Prisma.sql`kind::text IN (${Prisma.join(p.kinds)})`);
  if (p.roots.length) parts.push(Prisma.sql`"rootObject" IN (${Prisma.join(p.roots)})`);
  if (p.ouis.length) parts.push(Prisma.sql`oui IN (${Prisma.join(p.ouis)})`);
  if (p.productClasses.length) parts.push(Prisma.sql`"productClass" IN (${Prisma.join(p.productClasses)})`);
  if (p.models.length) parts.push(Prisma.sql`"modelName" IN (${Prisma.join(p.models)})`);
  if (p.tags.length) parts.push(Prisma.sql`tags @> ${p.tags}::text[]`);
  return Prisma.join(parts, " AND ");
}

/** The document keys the profile reads: its paths, its precondition's, and its tables (as prefixes). */
function namedPaths(def: ProfileDefinition): { exact: string[]; prefixes: string[] } {
  const exact = [
    ...def.parameters.map((p) => p.path),
    ...def.attributes.map((a) => a.path),
    ...def.precondition.parameters.map((c) => c.path),
  ];
  return { exact: [...new Set(exact)], prefixes: def.objects.map((o) => o.path) };
}

export async function previewProfile(
  id: number | null,
  definition: ProfileDefinition,
  priority: number,
): Promise<ProfilePreview> {
  const previewed: ApplicableProfile = {
    id: id ?? NEW,
    name: "this profile",
    priority,
    definition,
    secrets: new Map(),
  };
  const others = (await enabledProfiles()).filter((p) => p.id !== id);
  const { exact, prefixes } = namedPaths({
    ...definition,
    parameters: [...definition.parameters, ...others.flatMap((o) => o.definition.parameters)],
  });
  const result: ProfilePreview = {
    matched: 0,
    changing: 0,
    unknown: 0,
    scanned: 0,
    truncated: false,
    paths: [],
  };
  const pathCounts = new Map<string, number>();
  let after = 0;
  while (result.scanned < PREVIEW_LIMIT) {
    const rows = await db().$queryRaw<
      (Omit<InformedDevice, "profilesStamp" | "profilesDueAt"> & { doc: ParameterDocument | null })[]
    >`SELECT id, kind::text AS kind, "rootObject", oui, "productClass", "serialNumber", "modelName",
             "softwareVersion", "subscriberId", tags, "lastBoot",
             (SELECT jsonb_object_agg(e.key, e.value) FROM jsonb_each(parameters) e
               WHERE e.key = ANY(${exact}::text[])
                  OR EXISTS (SELECT 1 FROM unnest(${prefixes}::text[]) p WHERE starts_with(e.key, p))) AS doc
        FROM "Device" WHERE id > ${after} AND ${candidateWhere(definition)}
       ORDER BY id LIMIT ${BATCH}`;
    if (rows.length === 0) break;
    for (const d of rows) {
      after = d.id;
      result.scanned++;
      const doc = d.doc ?? {};
      const read = (path: string) => doc[path];
      if (!matchesColumns(definition.precondition, d)) continue;
      if (!definition.precondition.parameters.every((c) => matchesParameter(c, read))) continue;
      result.matched++;
      const applicable = others.filter(
        (o) =>
          matchesColumns(o.definition.precondition, d) &&
          o.definition.precondition.parameters.every((c) => matchesParameter(c, read)),
      );
      const desire = desiredState(
        [previewed, ...applicable.map((o) => ({ ...o, secrets: new Map() }))],
        d,
      ).find((x) => x.profileId === previewed.id)!;
      const plan = planProfile(desire, {
        entry: read,
        paths: () => Object.keys(doc),
        staleBefore: 0, // a preview judges what is known; the engine reads stale values first
        alreadyRead: new Set(),
        secretHashes: {},
        created: new Map(),
        typeOf: (path) => lookupParameter(path)?.facts.t,
      });
      const changes = [
        ...plan.sets.map((s) => s.path),
        ...plan.attributes.map((a) => `${a.path} (notification)`),
        ...plan.adds.map((a) => `${a.table} (new instance)`),
        ...plan.deletes.map((p) => `${p} (deleted)`),
      ];
      if (changes.length > 0) result.changing++;
      else if (plan.reads.length + plan.attributeReads.length > 0) result.unknown++;
      for (const c of new Set(changes)) pathCounts.set(c, (pathCounts.get(c) ?? 0) + 1);
    }
    if (rows.length < BATCH) break;
  }
  // Stopped at the bound with devices left: the counts are a lower bound.
  result.truncated = result.scanned >= PREVIEW_LIMIT;
  result.paths = [...pathCounts]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, 50)
    .map(([path, devices]) => ({ path, devices }));
  return result;
}

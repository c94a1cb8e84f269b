// What the console reads about profiles: the list with per-status counts, one profile with its
// history, the conflicts between enabled profiles, and where one device stands with each profile.
import { profileDefinitionSchema, type ProfileDefinition } from "../../lib/profiles/definition";
import { AppError } from "../core/app-error";
import { db } from "../db";
import type { ProfileStatus } from "../generated/prisma/client";
import { enabledProfiles } from "./catalog";
import { INFORMED_COLUMNS } from "./engine";
import { desiredState } from "./desired";
import { matchesColumns, matchesParameter } from "./precondition";
import type { ParameterDocument } from "../devices/parameter-document";

export type StatusCounts = Record<ProfileStatus, number>;
const ZERO: StatusCounts = { pending: 0, converged: 0, drifted: 0, failed: 0 };

export async function listProfiles() {
  const [profiles, counts] = await Promise.all([
    db().profile.findMany({
      orderBy: [{ priority: "desc" }, { id: "asc" }],
      select: {
        id: true,
        name: true,
        description: true,
        enabled: true,
        priority: true,
        version: true,
        template: true,
        updatedAt: true,
        updatedBy: true,
        definition: true,
      },
    }),
    db().deviceProfile.groupBy({ by: ["profileId", "status"], _count: { _all: true } }),
  ]);
  const byProfile = new Map<number, StatusCounts>();
  for (const c of counts) {
    const entry = byProfile.get(c.profileId) ?? { ...ZERO };
    entry[c.status] = c._count._all;
    byProfile.set(c.profileId, entry);
  }
  return profiles.map(({ definition, ...p }) => {
    const def = profileDefinitionSchema.safeParse(definition);
    const counts = byProfile.get(p.id) ?? { ...ZERO };
    return {
      ...p,
      triggers: def.success ? def.data.triggers : [],
      rows: def.success
        ? def.data.parameters.length + def.data.attributes.length + def.data.objects.length
        : 0,
      counts,
      matched: counts.pending + counts.converged + counts.drifted + counts.failed,
    };
  });
}

export async function getProfile(id: number) {
  const row = await db().profile.findUnique({
    where: { id },
    select: {
      id: true,
      name: true,
      description: true,
      enabled: true,
      priority: true,
      version: true,
      template: true,
      rolloutPerMinute: true,
      definition: true,
      secrets: true,
      createdBy: true,
      createdAt: true,
      updatedBy: true,
      updatedAt: true,
      versions: {
        orderBy: { version: "desc" },
        take: 50,
        select: {
          version: true,
          enabled: true,
          priority: true,
          createdBy: true,
          createdAt: true,
          definition: true,
        },
      },
    },
  });
  if (!row) throw new AppError("not_found", `profile ${id} not found`);
  const { secrets, definition, versions, ...rest } = row;
  return {
    ...rest,
    definition: profileDefinitionSchema.parse(definition),
    // Names only: a stored secret's value never leaves the server.
    secretNames: Object.keys((secrets ?? {}) as Record<string, string>).sort(),
    versions: versions.map((v) => ({ ...v, definition: profileDefinitionSchema.parse(v.definition) })),
  };
}

export interface ProfileConflict {
  path: string;
  winner: { id: number; name: string; value: string };
  loser: { id: number; name: string; value: string };
  /** Devices both apply to (evaluated so far). */
  devices: number;
}

const valuesByPath = (def: ProfileDefinition) => new Map(def.parameters.map((p) => [p.path, p.value]));

/** Column conditions that can never hold together (different kinds, roots ...) rule an overlap out. */
function mayOverlap(a: ProfileDefinition["precondition"], b: ProfileDefinition["precondition"]): boolean {
  const disjoint = (x: readonly string[], y: readonly string[]) =>
    x.length > 0 && y.length > 0 && !x.some((v) => y.includes(v));
  return !(
    disjoint(a.kinds, b.kinds) ||
    disjoint(a.roots, b.roots) ||
    disjoint(a.ouis, b.ouis) ||
    disjoint(a.productClasses, b.productClasses) ||
    disjoint(a.models, b.models)
  );
}

/** Enabled profiles that set one path differently on devices both may apply to; the higher priority wins. */
export async function profileConflicts(): Promise<ProfileConflict[]> {
  const profiles = [...(await enabledProfiles())].sort((a, b) => b.priority - a.priority || a.id - b.id);
  const out: ProfileConflict[] = [];
  for (let i = 0; i < profiles.length; i++) {
    for (let j = i + 1; j < profiles.length; j++) {
      const [w, l] = [profiles[i]!, profiles[j]!];
      if (!mayOverlap(w.definition.precondition, l.definition.precondition)) continue;
      const wv = valuesByPath(w.definition);
      const shared = l.definition.parameters.filter((p) => wv.has(p.path) && wv.get(p.path) !== p.value);
      if (shared.length === 0) continue;
      const [overlap] = await db().$queryRaw<{ n: number }[]>`
        SELECT count(*)::int AS n FROM "DeviceProfile" a
          JOIN "DeviceProfile" b ON b."deviceId" = a."deviceId" AND b."profileId" = ${l.id}
         WHERE a."profileId" = ${w.id}`;
      for (const p of shared)
        out.push({
          path: p.path,
          winner: { id: w.id, name: w.name, value: wv.get(p.path)! },
          loser: { id: l.id, name: l.name, value: p.value },
          devices: overlap?.n ?? 0,
        });
    }
  }
  return out;
}

/** Where the device stands with each enabled profile that applies to it, and who owns what. */
export async function deviceProfiles(deviceId: number) {
  const device = await db().device.findUnique({
    where: { id: deviceId },
    select: { ...INFORMED_COLUMNS, parameters: true },
  });
  if (!device) throw new AppError("not_found", `device ${deviceId} not found`);
  const doc = (device.parameters ?? {}) as unknown as ParameterDocument;
  const applicable = (await enabledProfiles()).filter(
    (p) =>
      matchesColumns(p.definition.precondition, device) &&
      p.definition.precondition.parameters.every((c) => matchesParameter(c, (path) => doc[path])),
  );
  const rows = await db().deviceProfile.findMany({ where: { deviceId } });
  const desires = desiredState(
    applicable.map((p) => ({ ...p, secrets: new Map<string, string>() })),
    device,
  );
  return applicable.map((p) => {
    const row = rows.find((r) => r.profileId === p.id);
    const desire = desires.find((d) => d.profileId === p.id);
    return {
      profileId: p.id,
      name: p.name,
      priority: p.priority,
      version: p.version,
      triggers: p.definition.triggers,
      state: row
        ? {
            status: row.status,
            step: row.step,
            version: row.version,
            evaluatedAt: row.evaluatedAt,
            convergedAt: row.convergedAt,
            failures: row.failures,
            drifts: row.drifts,
            nextAttemptAt: row.nextAttemptAt,
            lastError: row.lastError,
            ownedPaths: row.ownedPaths,
          }
        : null,
      overridden: [...(desire?.overridden ?? new Map<string, string>())].map(([path, by]) => ({ path, by })),
    };
  });
}

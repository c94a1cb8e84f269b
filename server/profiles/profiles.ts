// Saving profiles: checked against the data model first (refused rows come back, nothing is saved),
// every save a new version with its history row and an audit row (before/after, secrets by name only),
// ManagementServer rows only for operators with the admin-only permission.
import type { ProfileSave } from "../../lib/profiles/input";
import { hasPermission } from "../../lib/permissions";
import { AppError } from "../core/app-error";
import type { WritingActor } from "../core/actor";
import { recordAudit } from "../audit/service";
import { db } from "../db";
import type { Prisma } from "../generated/prisma/client";
import { asJson } from "../json";
import { sealSecret } from "../secrets-file";
import { invalidateProfiles } from "./catalog";
import { checkProfile, type RefusedRow } from "./validate";

export type SaveResult = { ok: true; id: number; version: number } | { ok: false; refused: RefusedRow[] };

/** The audited form of a profile: what it does, never a secret's value. */
// Fields are picked one by one: spreading the input would carry its `secrets` (values) into the row.
function auditShape(p: {
  name: string;
  description: string;
  enabled: boolean;
  priority: number;
  rolloutPerMinute: number | null;
  definition: unknown;
  secretNames: string[];
}) {
  return {
    name: p.name,
    description: p.description,
    enabled: p.enabled,
    priority: p.priority,
    rolloutPerMinute: p.rolloutPerMinute,
    definition: p.definition,
    secretNames: [...p.secretNames].sort(),
  };
}

function mergeSecrets(stored: Record<string, string>, sent: ProfileSave["secrets"]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(sent)) {
    if (value !== null) out[name] = sealSecret(value);
    else if (stored[name] !== undefined) out[name] = stored[name];
  }
  return out;
}

function refuseManagement(actor: WritingActor, paths: string[]): RefusedRow[] {
  if (paths.length === 0 || hasPermission(actor.role, "devices.management_server")) return [];
  return paths.map((path) => ({
    row: "parameters",
    path,
    reason: "ManagementServer settings need the admin-only management permission",
  }));
}

/** Create (id null) or save a new version of a profile. */
export async function saveProfile(
  actor: WritingActor,
  id: number | null,
  input: ProfileSave,
): Promise<SaveResult> {
  const existing =
    id === null
      ? null
      : await db().profile.findUnique({
          where: { id },
          select: {
            id: true,
            name: true,
            description: true,
            enabled: true,
            priority: true,
            rolloutPerMinute: true,
            definition: true,
            secrets: true,
            version: true,
          },
        });
  if (id !== null && !existing) throw new AppError("not_found", `profile ${id} not found`);
  const stored = (existing?.secrets ?? {}) as Record<string, string>;
  const secretNames = Object.entries(input.secrets)
    .filter(([name, v]) => v !== null || stored[name] !== undefined)
    .map(([name]) => name);
  const undeclared = Object.entries(input.secrets).filter(
    ([name, v]) => v === null && stored[name] === undefined,
  );
  const check = checkProfile(input.definition, secretNames);
  const refused = [
    ...check.refused,
    ...refuseManagement(actor, check.managementPaths),
    ...undeclared.map(([name]) => ({ row: `secrets.${name}`, path: "", reason: "no stored value to keep" })),
  ];
  if (refused.length > 0) return { ok: false, refused };
  const clash = await db().profile.findFirst({
    where: { name: input.name, ...(id ? { NOT: { id } } : {}) },
    select: { id: true },
  });
  if (clash)
    return {
      ok: false,
      refused: [{ row: "name", path: "", reason: `a profile named "${input.name}" exists` }],
    };

  const secrets = mergeSecrets(stored, input.secrets);
  const fields = {
    name: input.name,
    description: input.description,
    enabled: input.enabled,
    priority: input.priority,
    rolloutPerMinute: input.rolloutPerMinute,
    definition: asJson(input.definition),
    secrets: asJson(secrets),
    updatedBy: actor.username,
  } satisfies Prisma.ProfileUpdateInput;
  const result = await db().$transaction(async (tx) => {
    const row = existing
      ? await tx.profile.update({
          where: { id: existing.id },
          data: { ...fields, version: { increment: 1 } },
          select: { id: true, version: true },
        })
      : await tx.profile.create({
          data: { ...fields, template: input.template, createdBy: actor.username },
          select: { id: true, version: true },
        });
    await tx.profileVersion.create({
      data: {
        profileId: row.id,
        version: row.version,
        definition: asJson(input.definition),
        enabled: input.enabled,
        priority: input.priority,
        createdBy: actor.username,
      },
    });
    await recordAudit(tx, {
      operatorId: actor.id,
      action: existing ? "profile.update" : "profile.create",
      target: input.name,
      before: existing ? auditShape({ ...existing, secretNames: Object.keys(stored) }) : null,
      after: auditShape({ ...input, secretNames: Object.keys(secrets) }),
    });
    return row;
  });
  invalidateProfiles();
  return { ok: true, ...result };
}

/** Enable or disable without changing the definition (no new version: the desired state is the same). */
export async function setProfileEnabled(actor: WritingActor, id: number, enabled: boolean): Promise<void> {
  await db().$transaction(async (tx) => {
    const row = await tx.profile.findUnique({ where: { id }, select: { name: true, enabled: true } });
    if (!row) throw new AppError("not_found", `profile ${id} not found`);
    await tx.profile.update({ where: { id }, data: { enabled, updatedBy: actor.username } });
    await recordAudit(tx, {
      operatorId: actor.id,
      action: enabled ? "profile.enable" : "profile.disable",
      target: row.name,
      before: { enabled: row.enabled },
      after: { enabled },
    });
  });
  invalidateProfiles();
}

export async function deleteProfile(actor: WritingActor, id: number): Promise<void> {
  await db().$transaction(async (tx) => {
    const row = await tx.profile.findUnique({
      where: { id },
      select: { name: true, version: true, enabled: true },
    });
    if (!row) throw new AppError("not_found", `profile ${id} not found`);
    await tx.profile.delete({ where: { id } });
    await recordAudit(tx, {
      operatorId: actor.id,
      action: "profile.delete",
      target: row.name,
      before: row,
      after: null,
    });
  });
  invalidateProfiles();
}

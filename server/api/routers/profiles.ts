// Provisioning profiles: the list with counts, one profile with its versions, the data-model check
// while editing, a preview before saving, save/enable/delete/apply (profiles.write; ManagementServer
// rows need the admin-only management permission, checked by the service), the conflicts, a device's view.
import "server-only";
import { z } from "zod";
import { recordId } from "../../../lib/ids";
import { profileDefinitionSchema, PROFILE_TRIGGERS } from "../../../lib/profiles/definition";
import { profileSaveSchema } from "../../../lib/profiles/input";
import { applyProfileNow, MAX_APPLY_DEVICES } from "../../profiles/apply";
import { deleteProfile, saveProfile, setProfileEnabled } from "../../profiles/profiles";
import { previewProfile } from "../../profiles/preview";
import { deviceProfiles, getProfile, listProfiles, profileConflicts } from "../../profiles/queries";
import { profileDetailSchema, profileSummarySchema } from "../../profiles/output";
import { PROFILE_TEMPLATES } from "../../profiles/templates";
import { checkProfile } from "../../profiles/validate";
import { createTRPCRouter, permissionProcedure } from "../trpc";

const read = permissionProcedure("profiles.read");
const write = permissionProcedure("profiles.write");

const statusSchema = z.enum(["pending", "converged", "drifted", "failed"]);
const refusedSchema = z.array(z.object({ row: z.string(), path: z.string(), reason: z.string() }));

export const profilesRouter = createTRPCRouter({
  list: read
    .input(z.object({}).default({}))
    .output(z.array(profileSummarySchema))
    .query(() => listProfiles()),

  get: read
    .input(z.object({ id: recordId }))
    .output(profileDetailSchema)
    .query(({ input }) => getProfile(input.id)),

  templates: read
    .input(z.object({}).default({}))
    .output(
      z.array(
        z.object({
          id: z.string(),
          name: z.string(),
          description: z.string(),
          definition: profileDefinitionSchema,
        }),
      ),
    )
    .query(() =>
      PROFILE_TEMPLATES.map((t) => ({ ...t, definition: profileDefinitionSchema.parse(t.definition) })),
    ),

  /** The editor's inline check: refused rows with their reasons (nothing saved). */
  check: read
    .input(
      z.object({
        definition: profileDefinitionSchema,
        secretNames: z.array(z.string().max(64)).max(50).default([]),
      }),
    )
    .output(z.object({ refused: refusedSchema, managementPaths: z.array(z.string()) }))
    .query(({ input }) => checkProfile(input.definition, input.secretNames)),

  preview: read
    .input(
      z.object({
        id: recordId.nullable(),
        definition: profileDefinitionSchema,
        priority: z.number().int().min(0).max(10_000),
      }),
    )
    .output(
      z.object({
        matched: z.number(),
        changing: z.number(),
        unknown: z.number(),
        scanned: z.number(),
        truncated: z.boolean(),
        paths: z.array(z.object({ path: z.string(), devices: z.number() })),
      }),
    )
    .query(({ input }) => previewProfile(input.id, input.definition, input.priority)),

  save: write
    .input(z.object({ id: recordId.nullable(), profile: profileSaveSchema }))
    .output(
      z.discriminatedUnion("ok", [
        z.object({ ok: z.literal(true), id: z.number(), version: z.number() }),
        z.object({ ok: z.literal(false), refused: refusedSchema }),
      ]),
    )
    .mutation(({ ctx, input }) => saveProfile(ctx.operator, input.id, input.profile)),

  setEnabled: write
    .input(z.object({ id: recordId, enabled: z.boolean() }))
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await setProfileEnabled(ctx.operator, input.id, input.enabled);
      return { ok: true as const };
    }),

  delete: write
    .input(z.object({ id: recordId }))
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await deleteProfile(ctx.operator, input.id);
      return { ok: true as const };
    }),

  applyNow: write
    .input(z.object({ id: recordId, deviceIds: z.array(recordId).min(1).max(MAX_APPLY_DEVICES) }))
    .output(z.object({ devices: z.number() }))
    .mutation(async ({ ctx, input }) => ({
      devices: await applyProfileNow(ctx.operator, input.id, input.deviceIds),
    })),

  conflicts: read
    .input(z.object({}).default({}))
    .output(
      z.array(
        z.object({
          path: z.string(),
          winner: z.object({ id: z.number(), name: z.string(), value: z.string() }),
          loser: z.object({ id: z.number(), name: z.string(), value: z.string() }),
          devices: z.number(),
        }),
      ),
    )
    .query(() => profileConflicts()),

  device: read
    .input(z.object({ deviceId: recordId }))
    .output(
      z.array(
        z.object({
          profileId: z.number(),
          name: z.string(),
          priority: z.number(),
          version: z.number(),
          triggers: z.array(z.enum(PROFILE_TRIGGERS)),
          state: z
            .object({
              status: statusSchema,
              step: z.string().nullable(),
              version: z.number(),
              evaluatedAt: z.date(),
              convergedAt: z.date().nullable(),
              failures: z.number(),
              drifts: z.number(),
              nextAttemptAt: z.date().nullable(),
              lastError: z.string().nullable(),
              ownedPaths: z.array(z.string()),
            })
            .nullable(),
          overridden: z.array(z.object({ path: z.string(), by: z.string() })),
        }),
      ),
    )
    .query(({ input }) => deviceProfiles(input.deviceId)),
});

// REST provisioning profiles: list and read (profiles.read); create, replace, enable, disable
// (profiles.write; ManagementServer rows need the admin-only management permission, checked by the
// service as for the console). A save the data-model check refuses answers 422 with the refused rows.
import "server-only";
import { z } from "zod";
import { profileSaveSchema } from "../../../../lib/profiles/input";
import { saveProfile, setProfileEnabled } from "../../../profiles/profiles";
import { profileDetailSchema, profileSummarySchema } from "../../../profiles/output";
import { getProfile, listProfiles } from "../../../profiles/queries";
import { AppError } from "../../../core/app-error";
import { apiProcedure, createApiRouter } from "../trpc";
import { pageInput, pageOf } from "../pagination";
import { consoleBody, idPath, pageById } from "./paging";

const TAGS = ["profiles"];

const summarySchema = profileSummarySchema.meta({ id: "ProfileSummary" });
const detailSchema = profileDetailSchema.meta({ id: "Profile" });

const saved = z.object({ id: z.number().int(), version: z.number().int() });

/** The service answers a refused save as a value; REST says it with 422 and the rows as field errors. */
async function save(
  actor: Parameters<typeof saveProfile>[0],
  id: number | null,
  profile: z.output<typeof profileSaveSchema>,
) {
  const result = await saveProfile(actor, id, profile);
  if (result.ok) return { id: result.id, version: result.version };
  const reasons = result.refused.map((r) => `${r.path || r.row}: ${r.reason}`);
  throw new AppError("invalid_input", `The profile was refused: ${reasons.slice(0, 20).join("; ")}`);
}

function toggle(verb: "enable" | "disable") {
  return apiProcedure("profiles.write")
    .meta({
      openapi: {
        method: "POST",
        path: `/profiles/{id}/${verb}`,
        tags: TAGS,
        summary: `${verb} a profile`,
        protect: true,
      },
    })
    .input(idPath)
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await setProfileEnabled(ctx.principal.actor, input.id, verb === "enable");
      return { ok: true as const };
    });
}

export const profilesRoutes = createApiRouter({
  list: apiProcedure("profiles.read")
    .meta({
      openapi: { method: "GET", path: "/profiles", tags: TAGS, summary: "List profiles", protect: true },
    })
    .input(z.object(pageInput))
    .output(pageOf(summarySchema))
    .query(async ({ input }) => {
      // The service orders by priority; pages go by id (stable while priorities change).
      const rows = (await listProfiles()).sort((a, b) => b.id - a.id);
      return pageById(rows, input);
    }),

  get: apiProcedure("profiles.read")
    .meta({
      openapi: {
        method: "GET",
        path: "/profiles/{id}",
        tags: TAGS,
        summary: "One profile and its versions",
        protect: true,
      },
    })
    .input(idPath)
    .output(detailSchema)
    .query(({ input }) => getProfile(input.id)),

  create: apiProcedure("profiles.write")
    .meta({
      openapi: { method: "POST", path: "/profiles", tags: TAGS, summary: "Create a profile", protect: true },
    })
    .input(consoleBody(profileSaveSchema))
    .output(saved)
    .mutation(({ ctx, input }) => save(ctx.principal.actor, null, input)),

  replace: apiProcedure("profiles.write")
    .meta({
      openapi: {
        method: "PUT",
        path: "/profiles/{id}",
        tags: TAGS,
        summary: "Save a new version of a profile (secrets: null keeps the stored value, absent deletes it)",
        protect: true,
      },
    })
    .input(consoleBody(profileSaveSchema.extend(idPath.shape)))
    .output(saved)
    .mutation(({ ctx, input }) => {
      const { id, ...profile } = input;
      return save(ctx.principal.actor, id, profile);
    }),

  enable: toggle("enable"),
  disable: toggle("disable"),
});

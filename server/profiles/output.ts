// Profiles as the console's profiles router and the REST API (server/nbi/rest/resources/profiles.ts)
// send them: secret names only, never their values.
import { z } from "zod";
import { profileDefinitionSchema, PROFILE_TRIGGERS } from "../../lib/profiles/definition";

const countsSchema = z.object({
  pending: z.number(),
  converged: z.number(),
  drifted: z.number(),
  failed: z.number(),
});

export const profileSummarySchema = z.object({
  id: z.number(),
  name: z.string(),
  description: z.string(),
  enabled: z.boolean(),
  priority: z.number(),
  version: z.number(),
  template: z.string().nullable(),
  updatedAt: z.date(),
  updatedBy: z.string(),
  triggers: z.array(z.enum(PROFILE_TRIGGERS)),
  rows: z.number(),
  counts: countsSchema,
  matched: z.number(),
});

export const profileDetailSchema = z.object({
  id: z.number(),
  name: z.string(),
  description: z.string(),
  enabled: z.boolean(),
  priority: z.number(),
  version: z.number(),
  template: z.string().nullable(),
  rolloutPerMinute: z.number().nullable(),
  definition: profileDefinitionSchema,
  secretNames: z.array(z.string()),
  createdBy: z.string(),
  createdAt: z.date(),
  updatedBy: z.string(),
  updatedAt: z.date(),
  versions: z.array(
    z.object({
      version: z.number(),
      enabled: z.boolean(),
      priority: z.number(),
      createdBy: z.string(),
      createdAt: z.date(),
      definition: profileDefinitionSchema,
    }),
  ),
});

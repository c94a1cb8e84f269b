// What the console (and later the REST API) sends to save a profile. Secrets travel write-only: a
// name with a new value replaces it, a name with null keeps the stored value, a name left out is
// deleted; stored values are never sent back.
import { z } from "zod";
import { profileDefinitionSchema, profileNameSchema, secretNameSchema } from "./definition";

export const profileSaveSchema = z.object({
  name: profileNameSchema,
  description: z.string().max(2000).default(""),
  enabled: z.boolean().default(false),
  priority: z.number().int().min(0).max(10_000).default(100),
  rolloutPerMinute: z.number().int().min(1).max(100_000).nullable().default(null),
  definition: profileDefinitionSchema,
  secrets: z.record(secretNameSchema, z.string().min(1).max(1024).nullable()).default({}),
  template: z.string().max(64).nullable().default(null),
});
export type ProfileSave = z.infer<typeof profileSaveSchema>;
export type ProfileSaveInput = z.input<typeof profileSaveSchema>;

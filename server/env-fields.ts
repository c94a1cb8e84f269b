// The zod building blocks settings are made of (server/env.ts and the setting groups beside it).
import { z } from "zod";

export const port = z.coerce.number().int().min(0).max(65535);
/** Empty environment variables count as unset. */
export const unsetIfEmpty = <T extends z.ZodType>(inner: T) =>
  z.preprocess((v) => (v === "" ? undefined : v), inner);
export const optionalString = unsetIfEmpty(z.string().optional());
export const postgresUrl = unsetIfEmpty(
  z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL")
    .optional(),
);

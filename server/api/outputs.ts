// Output schemas shared by several routers. Dates stay Date (superjson carries them); the client's
// types come from these, so a field the console reads must be listed here or the type check fails.
import { z } from "zod";
import { ROLES } from "../../lib/operators/schemas";
import { PERMISSIONS } from "../../lib/permissions";

export { actionResultSchema, deviceTaskSchema, taskStateSchema } from "../tasks/outputs";

export const operatorSummarySchema = z.object({
  id: z.number().int(),
  username: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  disabled: z.boolean(),
  createdAt: z.date(),
  lastLoginAt: z.date().nullable(),
  failedLogins: z.number().int(),
  lockedUntil: z.date().nullable(),
});

export const currentOperatorSchema = z.object({
  id: z.number().int(),
  username: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  permissions: z.array(z.enum(PERMISSIONS)).readonly(),
});

// Operator form and procedure inputs, shared by the tRPC router and the admin forms (no server code).
import { z } from "zod";
import { recordId } from "../ids";

export const ROLES = ["admin", "noc", "helpdesk", "product", "viewer"] as const;
export type OperatorRole = (typeof ROLES)[number];

export const ROLE_LABELS: Record<OperatorRole, string> = {
  admin: "Administrator",
  noc: "NOC",
  helpdesk: "Help desk",
  product: "Product",
  viewer: "Viewer",
};

export const MIN_PASSWORD_LENGTH = 12;

/**
 * Length matters most (NIST SP 800-63B); requiring a letter and a non-letter only stops the
 * weakest dictionary words and digit runs. No upper bound beyond 128: scrypt hashes any length.
 */
export const passwordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(128, "Use at most 128 characters")
  .refine((p) => /\p{L}/u.test(p) && /[^\p{L}]/u.test(p), "Mix letters with digits or symbols")
  .refine((p) => new Set(p).size >= 5, "Use more varied characters");

export const usernameSchema = z
  .string()
  .trim()
  .min(2, "Use at least 2 characters")
  .max(64, "Use at most 64 characters")
  .regex(/^[a-z0-9][a-z0-9._-]*$/, "Lower-case letters, digits, dot, dash and underscore only")
  // "system" names work Vantage starts itself (bulk jobs, tasks): an operator by that name would pass
  // for it, and a bulk job they created would not be re-checked against their role.
  .refine((u) => u !== "system", "This username is reserved");

export const createOperatorInput = z.object({
  username: usernameSchema,
  name: z.string().trim().max(128, "Use at most 128 characters"),
  role: z.enum(ROLES),
  password: passwordSchema,
});
export type CreateOperatorInput = z.infer<typeof createOperatorInput>;

const operatorIdInput = z.object({ id: recordId });

export const setDisabledInput = operatorIdInput.extend({ disabled: z.boolean() });

export const changeRoleInput = operatorIdInput.extend({ role: z.enum(ROLES) });

/** Without a password the server generates one and returns it once. */
export const resetPasswordInput = operatorIdInput.extend({ password: passwordSchema.optional() });

// API token inputs and answers, shared by the tRPC router and the admin page (no server code).
import { z } from "zod";
import { recordId } from "../ids";
import { PERMISSIONS } from "../permissions";
import { ROLES } from "../operators/schemas";

export const API_TOKEN_STATES = ["active", "expired", "revoked"] as const;
export type ApiTokenState = (typeof API_TOKEN_STATES)[number];

export const MAX_EXPIRY_DAYS = 3650;
export const MAX_RATE_LIMIT = 100_000;

export const createApiTokenInput = z.object({
  name: z.string().trim().min(1, "Give the token a name").max(80, "Use at most 80 characters"),
  /** The token's scopes: the role's permissions (lib/permissions.ts), never a second model. */
  role: z.enum(ROLES),
  /** null: the token never expires (until revoked). */
  expiresInDays: z
    .number()
    .int("Whole days only")
    .min(1, "At least 1 day")
    .max(MAX_EXPIRY_DAYS, `At most ${MAX_EXPIRY_DAYS} days`)
    .nullable(),
  /** Requests per minute. */
  rateLimit: z
    .number()
    .int("Whole requests only")
    .min(1, "At least 1 request per minute")
    .max(MAX_RATE_LIMIT, `At most ${MAX_RATE_LIMIT} requests per minute`),
});
export type CreateApiTokenInput = z.infer<typeof createApiTokenInput>;

export const revokeApiTokenInput = z.object({ id: recordId });

/** What a list shows about a token: never its hash, never the secret. */
export const apiTokenSummarySchema = z.object({
  id: z.number().int(),
  name: z.string(),
  prefix: z.string(),
  role: z.enum(ROLES),
  permissions: z.array(z.enum(PERMISSIONS)),
  /** username of the admin who created it (null once that operator is deleted) */
  createdBy: z.string().nullable(),
  createdAt: z.date(),
  expiresAt: z.date().nullable(),
  lastUsedAt: z.date().nullable(),
  revokedAt: z.date().nullable(),
  state: z.enum(API_TOKEN_STATES),
  rateLimit: z.number().int(),
});
export type ApiTokenSummary = z.infer<typeof apiTokenSummarySchema>;

/** The answer to create: the token itself, this once. */
export const createdApiTokenSchema = z.object({ token: z.string(), apiToken: apiTokenSummarySchema });
export type CreatedApiToken = z.infer<typeof createdApiTokenSchema>;

// API tokens for integrators (admin: api.tokens). The secret is in create's answer only, never in list.
import "server-only";
import { z } from "zod";
import {
  apiTokenSummarySchema,
  createApiTokenInput,
  createdApiTokenSchema,
  revokeApiTokenInput,
} from "../../../lib/api-tokens/schemas";
import { createApiToken, listApiTokens, revokeApiToken } from "../../nbi/tokens/service";
import { createTRPCRouter, permissionProcedure } from "../trpc";

const manage = permissionProcedure("api.tokens");

export const apiTokensRouter = createTRPCRouter({
  list: manage
    .input(z.object({}).optional())
    .output(z.array(apiTokenSummarySchema))
    .query(() => listApiTokens()),
  create: manage
    .input(createApiTokenInput)
    .output(createdApiTokenSchema)
    .mutation(({ ctx, input }) => createApiToken(ctx.operator, input)),
  revoke: manage
    .input(revokeApiTokenInput)
    .output(apiTokenSummarySchema)
    .mutation(({ ctx, input }) => revokeApiToken(ctx.operator, input.id)),
});

// API tokens for integrators (admin: api.tokens).
import { createTRPCRouter } from "../trpc";

export const apiTokensRouter = createTRPCRouter({});

// Webhook subscriptions and their delivery logs (admin: webhooks.manage).
import { createTRPCRouter } from "../trpc";

export const webhooksRouter = createTRPCRouter({});

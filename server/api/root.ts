import "server-only";
import { bulkRouter } from "./routers/bulk";
import { devicesRouter } from "./routers/devices";
import { sessionRouter } from "./routers/session";
import { createCallerFactory, createTRPCRouter } from "./trpc";

/** One router per domain; the next domains (tasks, operators, audit ...) are added here. */
export const appRouter = createTRPCRouter({
  session: sessionRouter,
  devices: devicesRouter,
  bulk: bulkRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);

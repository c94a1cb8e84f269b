import "server-only";
import { createTRPCRouter } from "../trpc";

/** Firmware and application waves. */
export const wavesRouter = createTRPCRouter({});

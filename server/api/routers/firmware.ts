import "server-only";
import { createTRPCRouter } from "../trpc";

/** The software store: images, originator keys, the feed. */
export const firmwareRouter = createTRPCRouter({});

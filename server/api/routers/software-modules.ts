import "server-only";
import { createTRPCRouter } from "../trpc";

/** A device's deployment units and execution units; install, update, uninstall. */
export const softwareModulesRouter = createTRPCRouter({});

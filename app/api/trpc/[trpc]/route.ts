import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import type { NextRequest } from "next/server";
import { appRouter } from "@/server/api/root";
import { createTRPCContext } from "@/server/api/trpc";
import { logger } from "@/server/logger";

const log = logger("trpc");

function handler(req: NextRequest) {
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: () => createTRPCContext({ headers: req.headers }),
    onError({ path, error }) {
      // Expected refusals (bad input, not signed in, forbidden) are not server faults.
      if (error.code === "INTERNAL_SERVER_ERROR")
        log.error({ path, err: error.cause ?? error }, "tRPC procedure failed");
    },
  });
}

export { handler as GET, handler as POST };

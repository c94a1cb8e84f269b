import { defaultShouldDehydrateQuery, MutationCache, QueryCache, QueryClient } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";
import superjson from "superjson";

/**
 * A session ended elsewhere (sign-out, password reset, role change, disabled) makes every call
 * UNAUTHORIZED: send the browser to the login page instead of showing errors.
 */
function signedOutToLogin(error: unknown): void {
  if (typeof window === "undefined" || !(error instanceof TRPCClientError)) return;
  const code = (error.data as { code?: unknown } | undefined)?.code;
  if (code === "UNAUTHORIZED" && window.location.pathname !== "/login") window.location.assign("/login");
}

/** Answers that will not change on a retry (not found, forbidden, bad input): shown at once. */
const FINAL_CODES = new Set(["NOT_FOUND", "FORBIDDEN", "UNAUTHORIZED", "BAD_REQUEST"]);

function retryTransient(failures: number, error: unknown): boolean {
  const code =
    error instanceof TRPCClientError ? (error.data as { code?: unknown } | undefined)?.code : undefined;
  return !(typeof code === "string" && FINAL_CODES.has(code)) && failures < 3;
}

export function makeQueryClient(): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache({ onError: signedOutToLogin }),
    mutationCache: new MutationCache({ onError: signedOutToLogin }),
    defaultOptions: {
      // Data prefetched on the server stays fresh briefly, so the client doesn't refetch on hydration.
      queries: { staleTime: 2_000, retry: retryTransient },
      dehydrate: {
        serializeData: superjson.serialize,
        shouldDehydrateQuery: (query) =>
          defaultShouldDehydrateQuery(query) || query.state.status === "pending",
      },
      hydrate: { deserializeData: superjson.deserialize },
    },
  });
}

// Test support for router tests: a tRPC caller signed in as a given operator (no browser, no HTTP),
// and the TRPCError code a call ends with.
import { TRPCError } from "@trpc/server";
import type { Role } from "../generated/prisma/enums";
import { createCaller } from "./root";

export function callerAs(operator: { id: number; username: string; role: Role; name?: string }) {
  const signedIn = { name: "", ...operator };
  return createCaller({
    session: { operator: signedIn, expires: "" },
    operator: signedIn,
    headers: new Headers(),
  });
}

export function anonymousCaller() {
  return createCaller({ session: null, operator: null, headers: new Headers() });
}

/** The TRPCError code a call rejected with, the error text for anything else, undefined on success. */
export async function errorCodeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return error instanceof TRPCError ? error.code : String(error);
  }
}

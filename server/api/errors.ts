import "server-only";
import { TRPCError, type TRPC_ERROR_CODE_KEY } from "@trpc/server";
import { AppError, type AppErrorCode } from "../core/app-error";

export { AppError, type AppErrorCode } from "../core/app-error";

/** The one place where service error codes become HTTP-level tRPC codes. */
const TRPC_CODE: Record<AppErrorCode, TRPC_ERROR_CODE_KEY> = {
  not_found: "NOT_FOUND",
  invalid_input: "BAD_REQUEST",
  conflict: "CONFLICT",
  forbidden: "FORBIDDEN",
  unauthenticated: "UNAUTHORIZED",
  rate_limited: "TOO_MANY_REQUESTS",
  unavailable: "SERVICE_UNAVAILABLE",
};

/** AppError -> TRPCError with the mapped code; anything else passes through unchanged. */
export function toTRPCError(error: unknown): unknown {
  if (error instanceof AppError) {
    return new TRPCError({ code: TRPC_CODE[error.code], message: error.message, cause: error });
  }
  return error;
}

export { findUnstorableString, internalErrorMessage, reportInternalError } from "../core/request-safety";

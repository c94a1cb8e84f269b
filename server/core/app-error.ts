// Errors services raise as values with a stable code. Kept free of tRPC so server/cwmp and other
// non-HTTP callers can use it; server/api/errors.ts maps each code to a TRPCError in one table.

export const APP_ERROR_CODES = [
  "not_found",
  "invalid_input",
  "conflict",
  "forbidden",
  "unauthenticated",
  "rate_limited",
  "unavailable",
] as const;

export type AppErrorCode = (typeof APP_ERROR_CODES)[number];

export class AppError extends Error {
  readonly code: AppErrorCode;

  constructor(code: AppErrorCode, message: string = code, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "AppError";
    this.code = code;
  }
}

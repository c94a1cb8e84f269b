// One error shape for every non-2xx answer of the REST API, whatever raised it: the token check, the
// router (unknown path), zod input validation, a service's AppError or an unexpected fault. Internal
// faults are logged with an id; the caller sees only the id, never SQL or a stack.
import "server-only";
import { TRPCError } from "@trpc/server";
import { ZodError } from "zod";
import { z } from "zod";
import { internalErrorMessage, reportInternalError } from "../../core/request-safety";
import { AppError, type AppErrorCode } from "../../core/app-error";

export const API_ERROR_CODES = [
  "bad_request",
  "unauthorized",
  "forbidden",
  "not_found",
  "conflict",
  "unprocessable",
  "rate_limited",
  "unavailable",
  "internal",
] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

export const apiErrorSchema = z
  .object({
    error: z.object({
      code: z.enum(API_ERROR_CODES),
      message: z.string(),
      fieldErrors: z
        .record(z.string(), z.array(z.string()))
        .optional()
        .describe("Input field (dotted path) -> what is wrong with it; on 422 only"),
      requestId: z.string().describe("Quote it when reporting a problem; also the X-Request-Id header"),
    }),
  })
  .meta({ id: "Error" });
export type ApiErrorBody = z.infer<typeof apiErrorSchema>;

export interface ApiFailure {
  status: number;
  code: ApiErrorCode;
  message: string;
  fieldErrors?: Record<string, string[]>;
}

const APP_ERROR: Record<AppErrorCode, { status: number; code: ApiErrorCode }> = {
  not_found: { status: 404, code: "not_found" },
  invalid_input: { status: 422, code: "unprocessable" },
  conflict: { status: 409, code: "conflict" },
  forbidden: { status: 403, code: "forbidden" },
  unauthenticated: { status: 401, code: "unauthorized" },
  rate_limited: { status: 429, code: "rate_limited" },
  unavailable: { status: 503, code: "unavailable" },
};

const TRPC_ERROR: Partial<Record<TRPCError["code"], { status: number; code: ApiErrorCode }>> = {
  PARSE_ERROR: { status: 400, code: "bad_request" },
  BAD_REQUEST: { status: 400, code: "bad_request" },
  UNAUTHORIZED: { status: 401, code: "unauthorized" },
  FORBIDDEN: { status: 403, code: "forbidden" },
  NOT_FOUND: { status: 404, code: "not_found" },
  METHOD_NOT_SUPPORTED: { status: 405, code: "bad_request" },
  CONFLICT: { status: 409, code: "conflict" },
  PAYLOAD_TOO_LARGE: { status: 413, code: "bad_request" },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, code: "bad_request" },
  UNPROCESSABLE_CONTENT: { status: 422, code: "unprocessable" },
  TOO_MANY_REQUESTS: { status: 429, code: "rate_limited" },
  SERVICE_UNAVAILABLE: { status: 503, code: "unavailable" },
};

type Issue = ZodError["issues"][number];

/** A 422 a procedure raises itself (a bad cursor ...), with its field errors. */
export class FieldErrors extends Error {
  constructor(
    message: string,
    readonly fieldErrors: Record<string, string[]>,
  ) {
    super(message);
    this.name = "FieldErrors";
  }
}

function zodIssuesOf(cause: unknown): Issue[] | undefined {
  if (cause instanceof ZodError) return cause.issues;
  if (
    cause instanceof Error &&
    cause.name === "ZodError" &&
    "issues" in cause &&
    Array.isArray(cause.issues)
  ) {
    return cause.issues as Issue[];
  }
  return undefined;
}

/** zod issues -> `{ "field.path": ["message"] }`; an issue without a path is filed under "_". */
export function fieldErrorsOf(issues: readonly Issue[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of issues) {
    const key = issue.path.length > 0 ? issue.path.map(String).join(".") : "_";
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

/** What the caller is told about `error` (a TRPCError from the handler, or anything thrown). */
export function failureOf(error: unknown, path: string): ApiFailure {
  const cause = error instanceof TRPCError ? (error.cause ?? error) : error;
  // Input validation (BAD_REQUEST) or our own 422s. A ZodError under any other code is the output
  // failing its schema: our fault, an internal error. tRPC copies a ZodError into an UnknownCauseError,
  // so it is recognised by its name and issues.
  if (cause instanceof FieldErrors) {
    return { status: 422, code: "unprocessable", message: cause.message, fieldErrors: cause.fieldErrors };
  }
  const issues = zodIssuesOf(cause);
  if (
    issues &&
    error instanceof TRPCError &&
    (error.code === "BAD_REQUEST" || error.code === "UNPROCESSABLE_CONTENT")
  ) {
    return {
      status: 422,
      code: "unprocessable",
      message: "The request does not match the schema",
      fieldErrors: fieldErrorsOf(issues),
    };
  }
  if (cause instanceof AppError) return { ...APP_ERROR[cause.code], message: cause.message };
  if (error instanceof TRPCError) {
    const mapped = TRPC_ERROR[error.code];
    if (mapped) return { ...mapped, message: error.message };
  }
  const errorId = reportInternalError(cause, `api/v1 ${path}`);
  return { status: 500, code: "internal", message: internalErrorMessage(errorId) };
}

export function errorResponse(failure: ApiFailure, requestId: string, headers?: HeadersInit): Response {
  const body: ApiErrorBody = {
    error: {
      code: failure.code,
      message: failure.message,
      ...(failure.fieldErrors ? { fieldErrors: failure.fieldErrors } : {}),
      requestId,
    },
  };
  const out = new Headers(headers);
  out.set("content-type", "application/json");
  return new Response(JSON.stringify(body), { status: failure.status, headers: out });
}

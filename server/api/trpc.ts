// tRPC initialisation, context and procedure builders (create-t3-app's layout).
import "server-only";
import { initTRPC, TRPCError } from "@trpc/server";
import type { Session } from "next-auth";
import superjson from "superjson";
import { ZodError } from "zod";
import { getCurrentOperator, type CurrentOperator } from "../auth/session";
import { findUnstorableString, internalErrorMessage, reportInternalError, toTRPCError } from "./errors";
import { hasPermission, type Permission } from "../../lib/permissions";

export interface TRPCContext {
  session: Session | null;
  /** The operator re-read from the database; null when signed out or disabled. */
  operator: CurrentOperator | null;
  headers: Headers;
}

export async function createTRPCContext(opts: { headers: Headers }): Promise<TRPCContext> {
  const { session, operator } = await getCurrentOperator();
  return { session, operator, headers: opts.headers };
}

/** Declared on every procedure built by permissionProcedure, so tests can walk the role x procedure matrix. */
export interface ProcedureMeta {
  permission?: Permission;
}

const t = initTRPC
  .context<TRPCContext>()
  .meta<ProcedureMeta>()
  .create({
    transformer: superjson,
    errorFormatter({ shape, error, path }) {
      if (error.code === "INTERNAL_SERVER_ERROR") {
        // The message of an unexpected error may hold SQL, parameters or paths; the stack, our code.
        const errorId = reportInternalError(error.cause ?? error, path);
        const { stack: _stack, ...data } = shape.data;
        return {
          ...shape,
          message: internalErrorMessage(errorId),
          data: { ...data, errorId, zodError: null },
        };
      }
      return {
        ...shape,
        data: { ...shape.data, zodError: error.cause instanceof ZodError ? error.cause.issues : null },
      };
    },
  });

export const createCallerFactory = t.createCallerFactory;
export const createTRPCRouter = t.router;

/** Services throw AppError; translate once here so routers stay thin. */
const appErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    const mapped = toTRPCError(result.error.cause);
    if (mapped instanceof TRPCError) throw mapped;
  }
  return result;
});

/** Strings that can't be stored (NUL, lone surrogates) are refused as bad input before any procedure. */
const storableInput = t.middleware(async ({ getRawInput, next }) => {
  const found = findUnstorableString(await getRawInput());
  if (found) {
    throw new TRPCError({
      code: "BAD_REQUEST",
      message: `${found} contains a NUL character or an unpaired UTF-16 surrogate`,
    });
  }
  return next();
});

export const publicProcedure = t.procedure.use(appErrors).use(storableInput);

export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.operator) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to continue" });
  return next({ ctx: { ...ctx, operator: ctx.operator } });
});

export function permissionProcedure(permission: Permission) {
  return protectedProcedure.meta({ permission }).use(({ ctx, next }) => {
    if (!hasPermission(ctx.operator.role, permission)) {
      throw new TRPCError({
        code: "FORBIDDEN",
        message: `Your role (${ctx.operator.role}) lacks ${permission}`,
      });
    }
    return next();
  });
}

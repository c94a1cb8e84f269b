import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { Role } from "../generated/prisma/enums";
import { AppError } from "./errors";
import { appRouter } from "./root";
import {
  createCallerFactory,
  createTRPCRouter,
  permissionProcedure,
  protectedProcedure,
  type TRPCContext,
} from "./trpc";

const testRouter = createTRPCRouter({
  manage: permissionProcedure("operators.manage")
    .input(z.object({}))
    .query(() => "managed"),
  reboot: permissionProcedure("devices.reboot")
    .input(z.object({}))
    .mutation(() => "rebooting"),
  missing: protectedProcedure.input(z.object({})).query((): string => {
    throw new AppError("not_found", "Device 42 not found");
  }),
});

function context(role: Role | null): TRPCContext {
  const operator = role ? { id: 1, username: `${role}-user`, name: "", role } : null;
  const session = operator ? { operator, expires: new Date(Date.now() + 60_000).toISOString() } : null;
  return { session, operator, headers: new Headers() };
}

const caller = (role: Role | null) => createCallerFactory(testRouter)(context(role));

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return error instanceof TRPCError ? error.code : "not a TRPCError";
  }
}

describe("procedure builders", () => {
  it("refuses callers who are not signed in", async () => {
    expect(await codeOf(caller(null).manage({}))).toBe("UNAUTHORIZED");
    expect(await codeOf(createCallerFactory(appRouter)(context(null)).devices.list({}))).toBe("UNAUTHORIZED");
  });

  it("refuses a role lacking the permission with FORBIDDEN", async () => {
    for (const role of ["noc", "helpdesk", "product", "viewer"] as const) {
      expect(await codeOf(caller(role).manage({}))).toBe("FORBIDDEN");
    }
    expect(await codeOf(caller("viewer").reboot({}))).toBe("FORBIDDEN");
    expect(await codeOf(caller("noc").reboot({}))).toBe("FORBIDDEN");
  });

  it("lets a role holding the permission through", async () => {
    expect(await caller("admin").manage({})).toBe("managed");
    expect(await caller("helpdesk").reboot({})).toBe("rebooting");
  });

  it("maps AppError codes to tRPC codes in one place", async () => {
    await expect(caller("viewer").missing({})).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: "Device 42 not found",
    });
  });

  it("validates input before running the procedure", async () => {
    const api = createCallerFactory(appRouter)(context("viewer"));
    expect(await codeOf(api.devices.list({ pageSize: 1000 }))).toBe("BAD_REQUEST");
  });
});

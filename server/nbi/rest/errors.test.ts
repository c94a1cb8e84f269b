import { TRPCError } from "@trpc/server";
import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError } from "../../core/app-error";
import { overrideSettings } from "../../env";
import { failureOf } from "./errors";

beforeAll(() => {
  overrideSettings({ LOG_LEVEL: "silent" });
});

describe("failureOf", () => {
  it("maps service errors to their HTTP status and code", () => {
    const wrap = (cause: unknown) => new TRPCError({ code: "INTERNAL_SERVER_ERROR", cause });
    expect(failureOf(wrap(new AppError("not_found", "device 9 not found")), "/x")).toEqual({
      status: 404,
      code: "not_found",
      message: "device 9 not found",
    });
    expect(failureOf(wrap(new AppError("conflict", "busy")), "/x").status).toBe(409);
    expect(failureOf(wrap(new AppError("invalid_input", "bad")), "/x").status).toBe(422);
  });

  it("gives input errors field errors, but an output that fails its schema is an internal error", () => {
    const zodError = z.object({ a: z.number() }).safeParse({ a: "x" }).error;
    const input = failureOf(new TRPCError({ code: "BAD_REQUEST", cause: zodError }), "/x");
    expect(input).toMatchObject({
      status: 422,
      code: "unprocessable",
      fieldErrors: { a: [expect.any(String)] },
    });
    const output = failureOf(new TRPCError({ code: "INTERNAL_SERVER_ERROR", cause: zodError }), "/x");
    expect(output.status).toBe(500);
  });

  it("never shows an internal error's message (SQL, paths), only a reference", () => {
    const failure = failureOf(new Error('relation "Device" ... SELECT * FROM secret'), "/x");
    expect(failure.status).toBe(500);
    expect(failure.code).toBe("internal");
    expect(failure.message).not.toContain("SELECT");
    expect(failure.message).toMatch(/reference [0-9a-f]{12}/);
  });
});

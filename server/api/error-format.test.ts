// What the tRPC boundary tells a client: internal errors as a generic message with an id that the log
// pairs with the real error; unstorable strings (NUL, lone surrogates) refused as BAD_REQUEST.
import { Writable } from "node:stream";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import pino from "pino";
import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { LOG_OPTIONS, loggerSlot } from "../logger";
import { createCallerFactory, createTRPCRouter, publicProcedure, type TRPCContext } from "./trpc";

const SQL_ERROR = 'Invalid `prisma.device.findMany()`: column "secret" SELECT * FROM "Device" WHERE id = $1';

const router = createTRPCRouter({
  broken: publicProcedure.query((): string => {
    throw new Error(SQL_ERROR);
  }),
  echo: publicProcedure
    .input(z.object({ text: z.string(), tags: z.array(z.string()) }))
    .mutation(({ input }) => input),
});

const logLines: string[] = [];

beforeAll(() => {
  // The process logger, writing into this test instead of stdout.
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      logLines.push(chunk.toString());
      done();
    },
  });
  loggerSlot.logger = pino({ ...LOG_OPTIONS, level: "info" }, sink);
});

const context = (): TRPCContext => ({ session: null, operator: null, headers: new Headers() });

function call(path: string, init?: RequestInit): Promise<Response> {
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req: new Request(`http://127.0.0.1/api/trpc/${path}`, init),
    router,
    createContext: context,
  });
}

describe("internal errors", () => {
  it("show a generic message and an id, never SQL or a stack, and log the real error under that id", async () => {
    const res = await call("broken");
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toContain("SELECT");
    expect(text).not.toContain("prisma");
    expect(text).not.toMatch(/stack|\bat .*\.ts:\d+/);
    const body = JSON.parse(text) as { error: { json: { message: string; data: { errorId: string } } } };
    const { errorId } = body.error.json.data;
    expect(errorId).toMatch(/^[0-9a-f]{12}$/);
    expect(body.error.json.message).toContain(errorId);
    const logged = logLines.map((l) => JSON.parse(l) as { errorId?: string; err?: { message: string } });
    const entry = logged.find((l) => l.errorId === errorId);
    expect(entry?.err?.message).toBe(SQL_ERROR);
  });
});

describe("unstorable strings", () => {
  const caller = createCallerFactory(router)(context());

  it.each([
    ["NUL", "a\u0000b"],
    ["a lone high surrogate", "a\uD800b"],
    ["a lone low surrogate", "\uDC00"],
  ])("refuses %s with BAD_REQUEST, in values and in arrays", async (_label, bad) => {
    await expect(caller.echo({ text: bad, tags: [] })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(caller.echo({ text: "ok", tags: ["x", bad] })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("input.tags[1]") as unknown,
    });
  });

  it("answers 400 over HTTP", async () => {
    const res = await call("echo", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ json: { text: "x\u0000", tags: [] } }),
    });
    expect(res.status).toBe(400);
  });

  it("lets paired surrogates (emoji) and ordinary text through", async () => {
    await expect(caller.echo({ text: "réseau 📶", tags: ["lab"] })).resolves.toEqual({
      text: "réseau 📶",
      tags: ["lab"],
    });
  });
});

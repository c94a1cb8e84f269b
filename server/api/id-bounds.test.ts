// Walks every procedure of the app router and finds each id or cursor field in its input schema (a key
// `id`, `…Id` or `…Ids`, nested objects, unions and arrays included). Each such field given an id past
// int4 (2147483648), or -1, must make the call a BAD_REQUEST whose zod issue is about that field's
// bound, never a database error (500) or a silent "not found". A new procedure with an id input is
// covered without editing this file.
import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { ZodError, type z } from "zod";
import { INT4_MAX } from "../../lib/ids";
import { hasPermission, PERMISSIONS } from "../../lib/permissions";
import { appRouter } from "./root";
import { callerAs } from "./test-callers";

const ID_KEY = /^(id|.+Id|.+Ids)$/;

/** The field's path as zod reports it (without the discriminator steps). */
const fieldPath = (path: string[]) => path.filter((p) => !p.startsWith("@"));

interface IdField {
  procedure: string;
  /** Keys from the input's root to the field; "[]" marks an array element. */
  path: string[];
}

type Def = z.core.$ZodTypeDef & Record<string, unknown>;
const defOf = (schema: unknown): Def => (schema as z.core.$ZodType)._zod.def as Def;

/** The id fields under `schema`, at most a few levels deep (the walk is bounded by `depth`). */
function idFields(schema: unknown, prefix: string[], underIdKey: boolean, depth = 0): string[][] {
  if (depth > 12) return [];
  const def = defOf(schema);
  switch (def.type) {
    case "object": {
      const shape = def.shape as Record<string, unknown>;
      return Object.entries(shape).flatMap(([key, value]) =>
        idFields(value, [...prefix, key], ID_KEY.test(key), depth + 1),
      );
    }
    case "optional":
    case "nullable":
    case "default":
    case "readonly":
      return idFields(def.innerType, prefix, underIdKey, depth + 1);
    case "union": {
      // A discriminated union checks only the branch its discriminator names: the input then carries
      // that value too (a "@key=value" step, set beside the id, not part of the field's path).
      const key = typeof def.discriminator === "string" ? def.discriminator : undefined;
      return (def.options as unknown[]).flatMap((o) => {
        const literal = key ? discriminatorValue(o, key) : undefined;
        const tagged = literal === undefined ? prefix : [...prefix, `@${key}=${literal}`];
        return idFields(o, tagged, underIdKey, depth + 1);
      });
    }
    case "intersection":
      return [def.left, def.right].flatMap((o) => idFields(o, prefix, underIdKey, depth + 1));
    case "array":
      return idFields(def.element, [...prefix, "[]"], underIdKey, depth + 1);
    case "number":
    case "bigint":
      return underIdKey ? [prefix] : [];
    default:
      return [];
  }
}

const procedures = Object.entries(
  appRouter._def.procedures as unknown as Record<string, { _def: { inputs: unknown[] } }>,
).map(([name, procedure]) => ({ name, inputs: procedure._def.inputs }));

const fields: IdField[] = procedures.flatMap(({ name, inputs }) =>
  inputs.flatMap((input) => idFields(input, [], false)).map((path) => ({ procedure: name, path })),
);
// Two union branches may name the same field; test it once.
const unique = [...new Map(fields.map((f) => [`${f.procedure}:${fieldPath(f.path).join(".")}`, f])).values()];

function discriminatorValue(option: unknown, key: string): string | undefined {
  const def = defOf(option);
  if (def.type !== "object") return undefined;
  const field = (def.shape as Record<string, unknown>)[key];
  const values = field ? (defOf(field).values as unknown[] | undefined) : undefined;
  return typeof values?.[0] === "string" ? values[0] : undefined;
}

/** An input holding only `value` at `path` (arrays hold one element; "@k=v" steps add k: v beside). */
function inputWith(path: string[], value: number, depth = 0): unknown {
  if (depth >= path.length) return value;
  const key = path[depth] ?? "";
  if (key.startsWith("@")) {
    const [name = "", literal] = key.slice(1).split("=");
    return { [name]: literal, ...(inputWith(path, value, depth + 1) as object) };
  }
  const inner = inputWith(path, value, depth + 1);
  return key === "[]" ? [inner] : { [key]: inner };
}

/** Every zod issue, the ones nested in union failures included, with its full path. */
function issuesOf(error: ZodError): { path: string; code: string }[] {
  const walk = (
    issues: z.core.$ZodIssue[],
    base: PropertyKey[],
    depth: number,
  ): { path: string; code: string }[] =>
    depth > 8
      ? []
      : issues.flatMap((issue) => {
          const path = [...base, ...issue.path];
          const nested =
            issue.code === "invalid_union" ? issue.errors.flatMap((e) => walk(e, path, depth + 1)) : [];
          return [
            { path: path.map((p) => (typeof p === "number" ? "[]" : String(p))).join("."), code: issue.code },
            ...nested,
          ];
        });
  return walk(error.issues, [], 0);
}

async function call(procedure: string, input: unknown): Promise<unknown> {
  // Admin holds every permission, so no refusal comes before the input is parsed.
  let target: unknown = callerAs({ id: 1, username: "id-bounds", role: "admin" });
  for (const key of procedure.split(".")) target = (target as Record<string, unknown>)[key];
  try {
    await (target as (input: unknown) => Promise<unknown>)(input);
    return undefined;
  } catch (error) {
    return error;
  }
}

describe("ids at the tRPC boundary", () => {
  it("admin may call everything, so refusals below are the input's", () => {
    expect(PERMISSIONS.every((p) => hasPermission("admin", p))).toBe(true);
  });

  it("finds the id and cursor inputs", () => {
    const names = unique.map((f) => `${f.procedure}:${fieldPath(f.path).join(".")}`);
    expect(names).toEqual(
      expect.arrayContaining([
        "device.get:id",
        "device.cancelTask:taskId",
        "bulk.get:id",
        "bulk.list:beforeId",
        "bulk.items:afterId",
        "bulk.create:selection.deviceIds.[]",
        "bulk.create:action.imageId",
        "waves.rollback:id",
        "operators.changeRole:id",
        "savedSearches.delete:id",
        "datamodel.delete:id",
        "audit.list:operatorId",
      ]),
    );
  });

  for (const { value, code } of [
    { value: INT4_MAX + 1, code: "too_big" },
    { value: -1, code: "too_small" },
  ]) {
    it(`refuses ${value} in every id field as BAD_REQUEST about that field`, async () => {
      const wrong: string[] = [];
      for (const { procedure, path } of unique) {
        // A BigInt id's cursor is allowed past int4 (up to a safe integer); -1 is wrong everywhere.
        const bigCursor = value > INT4_MAX && procedure === "bulk.items" && path[0] === "afterId";
        const error = await call(procedure, inputWith(path, bigCursor ? Number.MAX_SAFE_INTEGER + 2 : value));
        const where = fieldPath(path).join(".");
        const ok =
          error instanceof TRPCError &&
          error.code === "BAD_REQUEST" &&
          error.cause instanceof ZodError &&
          issuesOf(error.cause).some((i) => i.path === where && i.code === code);
        if (!ok)
          wrong.push(`${procedure}:${where} → ${error instanceof TRPCError ? error.code : String(error)}`);
      }
      expect(wrong).toEqual([]);
    });
  }
});

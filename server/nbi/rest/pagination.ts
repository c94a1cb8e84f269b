// Cursor pagination for list endpoints: `?limit=&cursor=` in, `{ items, nextCursor }` out. The cursor
// is opaque to callers (base64url of the last item's key), so the key can change without breaking them.
import { z } from "zod";
import { INT4_MAX } from "../../../lib/ids";
import { FieldErrors } from "./errors";

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

export const pageInput = {
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_PAGE_SIZE)
    .default(DEFAULT_PAGE_SIZE)
    .describe(`Items per page (1..${MAX_PAGE_SIZE}, default ${DEFAULT_PAGE_SIZE})`),
  cursor: z.string().max(200).optional().describe("The nextCursor of the previous page"),
};

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    nextCursor: z.string().nullable().describe("Pass as cursor for the next page; null on the last page"),
  });
}

export function encodeCursor(key: unknown): string {
  return Buffer.from(JSON.stringify(key)).toString("base64url");
}

/** The key inside a cursor, or undefined when absent; a malformed cursor is an input error. */
export function decodeCursor<T extends z.ZodType>(
  cursor: string | undefined,
  key: T,
): z.infer<T> | undefined {
  if (cursor === undefined) return undefined;
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    decoded = undefined;
  }
  const parsed = key.safeParse(decoded);
  if (!parsed.success) {
    throw new FieldErrors("Not a cursor this API returned", { cursor: ["Not a cursor this API returned"] });
  }
  return parsed.data;
}

/** Given `limit + 1` rows, the page and the cursor after it. */
export function pageFrom<R, I>(
  rows: R[],
  limit: number,
  keyOf: (row: R) => string | number,
  toItem: (row: R) => I,
): { items: I[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map(toItem),
    nextCursor: rows.length > limit && last !== undefined ? encodeCursor(keyOf(last)) : null,
  };
}

/**
 * A console schema used inside a REST input, shielded from trpc-to-openapi: on every request it turns
 * on coercion in the number/boolean/date schemas it finds in the input's objects, mutating them in
 * place, which would loosen the console's own validation. It stops at a pipe.
 */
export function shielded<T extends z.ZodType>(schema: T) {
  return schema.pipe(z.custom<z.output<T>>(() => true));
}

const idKey = z.number().int().min(1).max(INT4_MAX);

/** A page of a service list sorted newest first by id, fetched as `limit + 1` rows before the cursor's id. */
export async function pageBeforeId<R extends { id: number }>(
  page: { limit: number; cursor?: string },
  fetch: (limit: number, beforeId: number | undefined) => Promise<R[]>,
): Promise<{ items: R[]; nextCursor: string | null }> {
  const rows = await fetch(page.limit + 1, decodeCursor(page.cursor, idKey));
  return pageFrom(
    rows,
    page.limit,
    (r) => r.id,
    (r) => r,
  );
}

// Cursor pagination for list endpoints: `?limit=&cursor=` in, `{ items, nextCursor }` out. The cursor
// is opaque to callers (base64url of the last item's key), so the key can change without breaking them.
import { z } from "zod";

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

export function encodeCursor(key: string | number): string {
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
    throw new z.ZodError([
      { code: "custom", path: ["cursor"], message: "Not a cursor this API returned", input: cursor },
    ]);
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

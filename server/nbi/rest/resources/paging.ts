// Helpers this folder's resources share: an {id} path parameter, and a cursor page cut from a service
// list that is already bounded and sorted newest first by id (images, waves, profiles). The id schema
// is fresh on purpose: trpc-to-openapi switches coercion on in the schemas it parses with, and the
// console's shared ones (recordId) must stay strict.
import { z } from "zod";
import { INT4_MAX } from "../../../../lib/ids";
import { decodeCursor, pageFrom, shielded } from "../pagination";

export const idPath = z.object({
  id: z.coerce.number().int().min(1).max(INT4_MAX).describe("The record's id"),
});

const idKey = z.number().int().min(1).max(INT4_MAX);

/** The page after `cursor` (an id) of rows sorted by id descending (all of them, or limit + 1 below it). */
export function pageById<T extends { id: number }>(
  rows: readonly T[],
  page: { cursor?: string; limit: number },
): { items: T[]; nextCursor: string | null } {
  const before = decodeCursor(page.cursor, idKey);
  const after = before === undefined ? rows : rows.filter((r) => r.id < before);
  return pageFrom(
    after.slice(0, page.limit + 1),
    page.limit,
    (r) => r.id,
    (r) => r,
  );
}

/**
 * A console input schema (an object, maybe refined) as a REST body: each field shielded from
 * trpc-to-openapi's in-place coercion (see `shielded`), the whole checked by the console's schema
 * during input validation, so a refused body is a 422 with its fields and the console's schema is
 * never changed. Typed as the console's schema: the values that pass are exactly its output.
 */
export function consoleBody<T extends z.ZodObject>(schema: T): T {
  const shape = Object.fromEntries(
    Object.entries(schema.shape).map(([key, field]) => [key, shielded(field)]),
  );
  const body = z.object(shape).superRefine((value, ctx) => {
    const checked = schema.safeParse(value);
    if (checked.success) return;
    for (const issue of checked.error.issues)
      ctx.addIssue({ code: "custom", path: issue.path, message: issue.message });
  });
  return body as unknown as T;
}

// Helpers this folder's resources share: an {id} path parameter, and a cursor page cut from a service
// list that is already bounded and sorted newest first by id (images, waves, profiles). The id schema
// is fresh on purpose: trpc-to-openapi switches coercion on in the schemas it parses with, and the
// console's shared ones (recordId) must stay strict.
import { z } from "zod";
import { INT4_MAX } from "../../../../lib/ids";
import { decodeCursor, pageFrom } from "../pagination";

export const idPath = z.object({
  id: z.coerce.number().int().min(1).max(INT4_MAX).describe("The record's id"),
});

const idKey = z.number().int().min(1).max(INT4_MAX);

/** The id in a cursor this API returned (undefined for the first page). */
export function idCursor(cursor: string | undefined): number | undefined {
  return decodeCursor(cursor, idKey);
}

/** The page after `cursor` (an id) of rows sorted by id descending (all of them, or limit + 1 below it). */
export function pageById<T extends { id: number }>(
  rows: readonly T[],
  page: { cursor?: string; limit: number },
): { items: T[]; nextCursor: string | null } {
  const before = idCursor(page.cursor);
  const after = before === undefined ? rows : rows.filter((r) => r.id < before);
  return pageFrom(
    after.slice(0, page.limit + 1),
    page.limit,
    (r) => r.id,
    (r) => r,
  );
}

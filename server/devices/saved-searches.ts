// Saved device searches, per operator: the same query object the list page keeps in its URL (filters
// and order, not the page). Saving and deleting are operator actions, audited in their transaction.
import { z } from "zod";
import { AppError } from "../core/app-error";
import { audited } from "../audit/service";
import { db } from "../db";
import { asJson } from "../json";
import { deviceSearchSchema } from "../../lib/devices/search-query";
import { assertSearchable } from "./search-audience";

/** What a saved search keeps: everything but the page number. */
export const savedQuerySchema = deviceSearchSchema.omit({ page: true });
export type SavedQuery = z.infer<typeof savedQuerySchema>;

// Shared with the console's form (lib/ is what client code may import).
export { savedSearchNameSchema } from "../../lib/devices/saved-search-schema";

export const savedSearchViewSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  query: savedQuerySchema,
  createdAt: z.date(),
});
export type SavedSearchView = z.infer<typeof savedSearchViewSchema>;

/** Most operators keep a handful; the bound keeps the dropdown usable. */
export const MAX_SAVED_SEARCHES = 100;

function view(row: { id: number; name: string; query: unknown; createdAt: Date }): SavedSearchView {
  // A stored query outlives the code that wrote it: fields this version no longer accepts are dropped.
  const parsed = savedQuerySchema.safeParse(row.query);
  return {
    id: row.id,
    name: row.name,
    query: parsed.success ? parsed.data : savedQuerySchema.parse({}),
    createdAt: row.createdAt,
  };
}

export async function listSavedSearches(operatorId: number): Promise<SavedSearchView[]> {
  const rows = await db().savedSearch.findMany({
    where: { operatorId },
    orderBy: { name: "asc" },
    take: MAX_SAVED_SEARCHES,
  });
  return rows.map(view);
}

/** Saves under a name; saving again under the same name replaces that search. */
export async function saveSearch(
  operatorId: number,
  name: string,
  query: SavedQuery,
): Promise<SavedSearchView> {
  assertSearchable(query, query.columns);
  const existing = await db().savedSearch.findUnique({ where: { operatorId_name: { operatorId, name } } });
  if (!existing && (await db().savedSearch.count({ where: { operatorId } })) >= MAX_SAVED_SEARCHES) {
    throw new AppError("conflict", `You already have ${MAX_SAVED_SEARCHES} saved searches; delete one first`);
  }
  const row = await audited(
    (saved: { id: number }) => ({
      operatorId,
      action: "saved_search.save",
      target: `${name} (#${saved.id})`,
      before: existing ? { query: existing.query } : null,
      after: { query },
    }),
    (tx) =>
      tx.savedSearch.upsert({
        where: { operatorId_name: { operatorId, name } },
        create: { operatorId, name, query: asJson(query) },
        update: { query: asJson(query) },
      }),
  );
  return view(row);
}

export async function deleteSavedSearch(operatorId: number, id: number): Promise<void> {
  const existing = await db().savedSearch.findUnique({ where: { id } });
  // Another operator's search is reported as missing, not forbidden: its existence is not theirs to see.
  if (!existing || existing.operatorId !== operatorId)
    throw new AppError("not_found", "No such saved search");
  await audited(
    {
      operatorId,
      action: "saved_search.delete",
      target: `${existing.name} (#${id})`,
      before: { query: existing.query },
    },
    (tx) => tx.savedSearch.delete({ where: { id } }),
  );
}

import "server-only";
import { z } from "zod";
import {
  deleteSavedSearch,
  listSavedSearches,
  savedQuerySchema,
  savedSearchNameSchema,
  savedSearchViewSchema,
  saveSearch,
} from "../../devices/saved-searches";
import { recordId } from "../../../lib/ids";
import { createTRPCRouter, permissionProcedure } from "../trpc";

/** Each operator's own saved device searches. */
export const savedSearchesRouter = createTRPCRouter({
  list: permissionProcedure("devices.read")
    .output(z.array(savedSearchViewSchema))
    .query(({ ctx }) => listSavedSearches(ctx.operator.id)),

  save: permissionProcedure("devices.read")
    .input(z.object({ name: savedSearchNameSchema, query: savedQuerySchema }))
    .output(savedSearchViewSchema)
    .mutation(({ ctx, input }) => saveSearch(ctx.operator.id, input.name, input.query)),

  delete: permissionProcedure("devices.read")
    .input(z.object({ id: recordId }))
    .output(z.void())
    .mutation(({ ctx, input }) => deleteSavedSearch(ctx.operator.id, input.id)),
});

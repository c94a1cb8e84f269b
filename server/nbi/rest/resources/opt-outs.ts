// REST audience opt-outs (audience.optout, as in the console): the list of opted-out households, and
// the CSV import (a text/csv body with a household column and an optional note, through the raw-body
// route app/api/v1/audience/opt-outs/import). The console's services in server/audience/optout.ts.
import "server-only";
import { z } from "zod";
import { optOutSchema } from "../../../../lib/audience/report-api";
import { importOptOuts, listOptOuts } from "../../../audience/optout";
import { decodeCursor, encodeCursor } from "../pagination";
import { apiProcedure, createApiRouter } from "../trpc";
import { csvImportRoute } from "./imports";

const TAGS = ["audience"];
// The console's import cap (its tRPC input): one import is one transaction of at most 10 000 rows.
const MAX_OPTOUT_CSV_BYTES = 4 * 1024 * 1024;

const householdKey = z.string().min(1).max(300);

export const optOutsRoutes = createApiRouter({
  list: apiProcedure("audience.optout")
    .meta({
      openapi: {
        method: "GET",
        path: "/audience/opt-outs",
        tags: TAGS,
        summary: "List the households opted out of audience measurement, by household",
        protect: true,
      },
    })
    .input(
      z.object({
        query: z.string().trim().max(256).optional().describe("Households containing this text"),
        limit: z.coerce.number().int().min(1).max(200).default(50).describe("Items per page (1..200)"),
        cursor: z.string().max(500).optional().describe("The nextCursor of the previous page"),
      }),
    )
    .output(
      z.object({
        items: z.array(optOutSchema.meta({ id: "AudienceOptOut" })),
        total: z.number().int().describe("households matching the query"),
        nextCursor: z.string().nullable(),
      }),
    )
    .query(async ({ input }) => {
      const page = await listOptOuts({
        query: input.query,
        limit: input.limit,
        cursor: decodeCursor(input.cursor, householdKey),
      });
      return {
        items: page.rows.map((r) => ({ ...r, optedOutAt: r.optedOutAt.toISOString() })),
        total: page.total,
        nextCursor: page.nextCursor === null ? null : encodeCursor(page.nextCursor),
      };
    }),
});

/** POST /api/v1/audience/opt-outs/import */
export const importOptOutsRoute = csvImportRoute(
  (csv, actor) => importOptOuts(actor, csv),
  "audience.optout",
  MAX_OPTOUT_CSV_BYTES,
);

// REST identity conflicts: refused BOOTSTRAPs in the name of a device with its own credentials, the
// fleet list and one device's (devices.read), and the decision (devices.identity), as in the console.
import "server-only";
import { z } from "zod";
import { INT4_MAX } from "../../../../lib/ids";
import { decideConflict, deviceConflicts, listConflicts } from "../../../identity/conflicts";
import { conflictRowSchema, conflictState } from "../../../identity/output";
import { decodeCursor, encodeCursor } from "../pagination";
import { apiProcedure, createApiRouter } from "../trpc";
import { idPath } from "./paging";

const TAGS = ["identity"];

const conflictSchema = conflictRowSchema.meta({ id: "IdentityConflict" });
const idKey = z.number().int().min(1).max(INT4_MAX);

export const identityRoutes = createApiRouter({
  list: apiProcedure("devices.read")
    .meta({
      openapi: {
        method: "GET",
        path: "/identity/conflicts",
        tags: TAGS,
        summary: "List identity conflicts, newest attempt first",
        protect: true,
      },
    })
    .input(
      z.object({
        state: conflictState.optional(),
        limit: z.coerce.number().int().min(1).max(200).default(50).describe("Items per page (1..200)"),
        cursor: z.string().max(200).optional().describe("The nextCursor of the previous page"),
      }),
    )
    .output(z.object({ items: z.array(conflictSchema), nextCursor: z.string().nullable() }))
    .query(async ({ input }) => {
      const page = await listConflicts({
        state: input.state,
        limit: input.limit,
        cursor: decodeCursor(input.cursor, idKey),
      });
      return {
        items: page.items,
        nextCursor: page.nextCursor === null ? null : encodeCursor(page.nextCursor),
      };
    }),

  forDevice: apiProcedure("devices.read")
    .meta({
      openapi: {
        method: "GET",
        path: "/devices/{id}/identity-conflicts",
        tags: TAGS,
        summary: "A device's identity conflicts, the newest 20",
        protect: true,
      },
    })
    .input(idPath)
    .output(z.object({ items: z.array(conflictSchema) }))
    .query(async ({ input }) => ({ items: await deviceConflicts(input.id) })),

  decide: apiProcedure("devices.identity")
    .meta({
      openapi: {
        method: "POST",
        path: "/identity/conflicts/{id}/decision",
        tags: TAGS,
        summary:
          "Decide an open conflict: accept = a genuine factory reset (own credentials forgotten), reject = someone else",
        protect: true,
      },
    })
    .input(idPath.extend({ decision: z.enum(["accept", "reject"]) }))
    .output(conflictSchema)
    .mutation(({ ctx, input }) => decideConflict(ctx.principal.actor, input.id, input.decision)),
});

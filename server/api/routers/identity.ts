// CPE identity: per-device ACS credentials (state only, never a hash or a password) and identity
// conflicts (refused BOOTSTRAPs with the shared credentials) an operator accepts or rejects.
import "server-only";
import { z } from "zod";
import { credentialsView } from "../../identity/credentials";
import { decideConflict, deviceConflicts, listConflicts } from "../../identity/conflicts";
import { AppError } from "../../core/app-error";
import { conflictRowSchema, conflictState } from "../../identity/output";
import { recordId } from "../../../lib/ids";
import { createTRPCRouter, permissionProcedure } from "../trpc";

const conflictRow = conflictRowSchema;

export const identityRouter = createTRPCRouter({
  /** The fleet list of conflicts, newest attempt first. */
  conflicts: permissionProcedure("devices.read")
    .input(
      z.object({
        state: conflictState.optional(),
        limit: z.number().int().min(1).max(200).default(50),
        cursor: recordId.optional(),
      }),
    )
    .output(z.object({ items: z.array(conflictRow), nextCursor: z.number().nullable() }))
    .query(({ input }) => listConflicts(input)),

  /** One device's conflicts (its page), the newest 20. */
  deviceConflicts: permissionProcedure("devices.read")
    .input(z.object({ deviceId: recordId }))
    .output(z.array(conflictRow))
    .query(({ input }) => deviceConflicts(input.deviceId)),

  /** Which credentials the device authenticates with. */
  credentials: permissionProcedure("devices.read")
    .input(z.object({ deviceId: recordId }))
    .output(
      z.object({
        state: z.enum(["shared", "pending", "confirmed"]),
        username: z.string().nullable(),
        confirmedAt: z.date().nullable(),
      }),
    )
    .query(async ({ input }) => {
      const view = await credentialsView(input.deviceId);
      if (!view) throw new AppError("not_found", `Device ${input.deviceId} does not exist`);
      return view;
    }),

  /** accept: a genuine factory reset (own credentials forgotten); reject: someone else (still refused). */
  decide: permissionProcedure("devices.identity")
    .input(z.object({ id: recordId, decision: z.enum(["accept", "reject"]) }))
    .output(conflictRow)
    .mutation(({ ctx, input }) => decideConflict(ctx.operator, input.id, input.decision)),
});

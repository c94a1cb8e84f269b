import "server-only";
import { z } from "zod";
import { permissionsOf } from "../../../lib/permissions";
import { currentOperatorSchema } from "../outputs";
import { createTRPCRouter, protectedProcedure } from "../trpc";

export const sessionRouter = createTRPCRouter({
  /** The signed-in operator and what their role allows: the UI hides what the server would refuse. */
  me: protectedProcedure
    .input(z.object({}).optional())
    .output(currentOperatorSchema)
    .query(({ ctx }) => ({
      ...ctx.operator,
      permissions: permissionsOf(ctx.operator.role),
    })),
});

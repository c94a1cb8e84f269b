import "server-only";
import { z } from "zod";
import {
  changeRoleInput,
  createOperatorInput,
  resetPasswordInput,
  setDisabledInput,
} from "../../../lib/operators/schemas";
import {
  changeOperatorRole,
  createOperator,
  listOperators,
  resetOperatorPassword,
  setOperatorDisabled,
} from "../../operators/service";
import { operatorSummarySchema } from "../outputs";
import { createTRPCRouter, permissionProcedure } from "../trpc";

const manage = permissionProcedure("operators.manage");

export const operatorsRouter = createTRPCRouter({
  list: manage
    .input(z.object({}).optional())
    .output(z.array(operatorSummarySchema))
    .query(() => listOperators()),
  create: manage
    .input(createOperatorInput)
    .output(operatorSummarySchema)
    .mutation(({ ctx, input }) => createOperator(ctx.operator, input)),
  setDisabled: manage
    .input(setDisabledInput)
    .output(operatorSummarySchema)
    .mutation(({ ctx, input }) => setOperatorDisabled(ctx.operator, input.id, input.disabled)),
  changeRole: manage
    .input(changeRoleInput)
    .output(operatorSummarySchema)
    .mutation(({ ctx, input }) => changeOperatorRole(ctx.operator, input.id, input.role)),
  resetPassword: manage
    .input(resetPasswordInput)
    .output(z.object({ operator: operatorSummarySchema, password: z.string(), generated: z.boolean() }))
    .mutation(({ ctx, input }) => resetOperatorPassword(ctx.operator, input.id, input.password)),
});

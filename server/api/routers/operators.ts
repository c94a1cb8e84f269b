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
import { createTRPCRouter, permissionProcedure } from "../trpc";

const manage = permissionProcedure("operators.manage");

export const operatorsRouter = createTRPCRouter({
  list: manage.input(z.object({}).optional()).query(() => listOperators()),
  create: manage.input(createOperatorInput).mutation(({ ctx, input }) => createOperator(ctx.operator, input)),
  setDisabled: manage
    .input(setDisabledInput)
    .mutation(({ ctx, input }) => setOperatorDisabled(ctx.operator, input.id, input.disabled)),
  changeRole: manage
    .input(changeRoleInput)
    .mutation(({ ctx, input }) => changeOperatorRole(ctx.operator, input.id, input.role)),
  resetPassword: manage
    .input(resetPasswordInput)
    .mutation(({ ctx, input }) => resetOperatorPassword(ctx.operator, input.id, input.password)),
});

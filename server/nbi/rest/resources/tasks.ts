// REST tasks: queue an RPC on a device (the console's device actions, each with the console's
// permission), read a task, list a device's tasks, cancel one (409 once it can't be).
import "server-only";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { diagnosticRequest } from "../../../../lib/devices/action-schemas";
import type { Permission } from "../../../../lib/permissions";
import type { WritingActor } from "../../../core/actor";
import {
  addObject,
  cancelDeviceTask,
  deleteObject,
  factoryReset,
  reboot,
  refreshSubtree,
  runDiagnostics,
  setNotification,
  setValue,
} from "../../../devices/actions";
import { readerFor, visibleTask } from "../../../devices/audience-visibility";
import { getTask, listTasks } from "../../../tasks/service";
import { presentableTask } from "../../../tasks/stored-answer";
import { actionResultSchema, deviceTaskSchema, taskStateSchema } from "../../../tasks/outputs";
import { idempotent } from "../idempotency";
import { pageBeforeId, pageInput, shielded } from "../pagination";
import { idPath } from "./paging";
import { apiProcedure, type ApiContext } from "../trpc";

const TAGS = ["tasks"];
const TASK_NAMES = [
  "GetParameterValues",
  "SetParameterValues",
  "AddObject",
  "DeleteObject",
  "SetParameterAttributes",
  "Reboot",
  "FactoryReset",
  "Diagnostics",
] as const;
type TaskName = (typeof TASK_NAMES)[number];

/** The scope each RPC needs beyond devices.write, as on the console's device page. */
const EXTRA_SCOPE: Partial<Record<TaskName, Permission>> = {
  Reboot: "devices.reboot",
  FactoryReset: "devices.factory_reset",
};

const objectPath = z.string().min(1).max(1024).regex(/\.$/, "object paths end with '.'");
const queueInput = z
  .object({
    id: idPath.shape.id,
    name: z.enum(TASK_NAMES),
    path: z
      .string()
      .min(1)
      .max(1024)
      .optional()
      .describe("Parameter or object path (object paths end in '.')"),
    value: z.string().max(65535).optional().describe("SetParameterValues: the new value"),
    notification: z.enum(["off", "passive", "active"]).optional().describe("SetParameterAttributes"),
    diagnostic: shielded(diagnosticRequest).optional().describe("Diagnostics: ping or traceroute"),
  })
  .superRefine((v, ctx) => {
    const need = (field: "path" | "value" | "notification" | "diagnostic") => {
      if (v[field] === undefined)
        ctx.addIssue({ code: "custom", path: [field], message: `${v.name} needs ${field}` });
    };
    if (["GetParameterValues", "SetParameterValues", "SetParameterAttributes"].includes(v.name)) need("path");
    if (v.name === "SetParameterValues") need("value");
    if (v.name === "SetParameterAttributes") need("notification");
    if (v.name === "Diagnostics") need("diagnostic");
    if ((v.name === "AddObject" || v.name === "DeleteObject") && !objectPath.safeParse(v.path).success) {
      ctx.addIssue({
        code: "custom",
        path: ["path"],
        message: `${v.name} needs an object path ending in '.'`,
      });
    }
  });
type QueueInput = z.infer<typeof queueInput>;

function run(actor: WritingActor, i: QueueInput) {
  const path = i.path ?? "";
  switch (i.name) {
    case "GetParameterValues":
      return refreshSubtree(actor, i.id, path);
    case "SetParameterValues":
      return setValue(actor, i.id, path, i.value ?? "");
    case "AddObject":
      return addObject(actor, i.id, path);
    case "DeleteObject":
      return deleteObject(actor, i.id, path);
    case "SetParameterAttributes":
      return setNotification(actor, i.id, path, i.notification ?? "off");
    case "Reboot":
      return reboot(actor, i.id);
    case "FactoryReset":
      return factoryReset(actor, i.id);
    case "Diagnostics":
      return runDiagnostics(actor, i.id, i.diagnostic ?? { kind: "ping", host: "" });
  }
}

const apiTaskSchema = deviceTaskSchema.extend({ deviceId: z.number().int() });

function requireScope(ctx: ApiContext, name: TaskName): void {
  const scope = EXTRA_SCOPE[name];
  if (scope && !ctx.principal.permissions.includes(scope)) {
    throw new TRPCError({ code: "FORBIDDEN", message: `This token lacks the scope ${scope} (${name})` });
  }
}

export const tasksRoutes = {
  queue: apiProcedure("devices.write")
    .meta({
      openapi: {
        method: "POST",
        path: "/devices/{id}/tasks",
        tags: TAGS,
        summary: "Queue an RPC on a device (send an Idempotency-Key)",
        description: "Reboot also needs devices.reboot, FactoryReset devices.factory_reset.",
      },
    })
    .input(queueInput)
    .output(actionResultSchema)
    .mutation(({ ctx, input }) => {
      requireScope(ctx, input.name);
      return idempotent(ctx, input, () => run(ctx.principal.actor, input));
    }),

  get: apiProcedure("tasks.read")
    .meta({
      openapi: { method: "GET", path: "/tasks/{id}", tags: TAGS, summary: "A task's state and result" },
    })
    .input(idPath)
    .output(apiTaskSchema)
    .query(async ({ ctx, input }) => {
      const task = await getTask(input.id);
      return visibleTask(readerFor(ctx.principal.actor.role), presentableTask(task));
    }),

  list: apiProcedure("tasks.read")
    .meta({
      openapi: {
        method: "GET",
        path: "/devices/{id}/tasks",
        tags: TAGS,
        summary: "A device's tasks, newest first",
      },
    })
    .input(idPath.extend(pageInput))
    .output(z.object({ items: z.array(apiTaskSchema), nextCursor: z.string().nullable() }))
    .query(({ ctx, input }) =>
      pageBeforeId(input, (limit, beforeId) =>
        listTasks(input.id, {
          limit,
          beforeId,
          reader: readerFor(ctx.principal.actor.role),
        }),
      ),
    ),

  cancel: apiProcedure("tasks.write")
    .meta({
      openapi: {
        method: "DELETE",
        path: "/tasks/{id}",
        tags: TAGS,
        summary: "Cancel a task (409 when it can't be)",
      },
    })
    .input(idPath)
    .output(taskStateSchema)
    .mutation(async ({ ctx, input }) => {
      const task = await getTask(input.id);
      return cancelDeviceTask(ctx.principal.actor, task.deviceId, input.id);
    }),
};

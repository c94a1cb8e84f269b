// What task-related procedures send out (console tRPC and REST v1): explicit contracts, so a column
// added to Task never leaves the server unless it is named here.
import { z } from "zod";
import { TaskState } from "../generated/prisma/enums";

/** What an operator action on a device queued (server/devices/actions.ts ActionResult). */
export const actionResultSchema = z.object({
  taskIds: z.array(z.number().int()),
  /** false: the work waits for the device's next periodic inform */
  online: z.boolean(),
});

/** A task after a state change (cancel): what the console shows of it. */
export const taskStateSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  state: z.enum(TaskState),
});

const taskPathsSchema = {
  parameterPath: z.string().optional(),
  parameterNames: z.array(z.string()).optional(),
  /** SetParameterValues (value masked when secret) and SetParameterAttributes entries */
  parameterList: z
    .array(z.object({ name: z.string(), value: z.string().optional(), type: z.string().optional() }))
    .optional(),
  objectName: z.string().optional(),
};

/**
 * A device's task as its page shows it (device.tasks): the state and fault, the paths the request
 * touches and the per-parameter faults of a SetParameterValues answer. The stored request and answer
 * are JSON of many shapes; only these fields of them leave the server (secrets are masked before,
 * server/tasks/stored-answer.ts), so a GetParameterValues answer's values never travel with the list.
 */
export const deviceTaskSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  state: z.enum(TaskState),
  attempts: z.number().int(),
  createdAt: z.date(),
  sentAt: z.date().nullable(),
  completedAt: z.date().nullable(),
  expiresAt: z.date().nullable(),
  faultCode: z.number().int().nullable(),
  faultString: z.string().nullable(),
  lastError: z.string().nullable(),
  createdBy: z.string(),
  // An older row of another shape shows as a task without paths rather than failing the whole list.
  // Stored as JSON: read through these schemas, whatever the row holds.
  request: z.unknown().pipe(z.object({ name: z.string().optional(), ...taskPathsSchema }).catch({})),
  result: z.unknown().pipe(
    z
      .object({
        setParameterValuesFault: z
          .array(z.object({ parameterName: z.string(), faultCode: z.number(), faultString: z.string() }))
          .optional(),
      })
      .nullable()
      .catch(null),
  ),
});

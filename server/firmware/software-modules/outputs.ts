// A device's apps as the console's software-modules router and the REST API
// (server/nbi/rest/resources/apps.ts) send them: one contract.
import { z } from "zod";

const euSchema = z.object({
  path: z.string(),
  euid: z.string(),
  name: z.string(),
  status: z.string(),
  requestedState: z.string(),
  faultCode: z.string(),
  version: z.string(),
});

export const softwareModulesSchema = z.object({
  /** false: the device's data model (TR-098) has no SoftwareModules */
  supported: z.boolean(),
  deploymentUnits: z.array(
    z.object({
      path: z.string(),
      uuid: z.string(),
      duid: z.string(),
      name: z.string(),
      version: z.string(),
      vendor: z.string(),
      status: z.string(),
      resolved: z.boolean(),
      executionUnits: z.array(euSchema),
    }),
  ),
  otherExecutionUnits: z.array(euSchema),
  readAt: z.number().nullable(),
  pending: z.array(
    z.object({
      taskId: z.number(),
      state: z.string(),
      operation: z.string(),
      uuid: z.string(),
      imageId: z.number().nullable(),
      name: z.string(),
      version: z.string(),
    }),
  ),
});

export const installableAppSchema = z.object({
  id: z.number(),
  fileName: z.string(),
  version: z.string(),
  duUuid: z.string(),
  originator: z.string(),
  releaseNotes: z.string(),
  size: z.number(),
});

export const duUuidSchema = z
  .string()
  .regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/);

export const executionUnitPathSchema = z.string().regex(/^Device\.SoftwareModules\.ExecutionUnit\.\d+\.?$/);

// What a bulk job does and to which devices, as data: validated when the job is created and again when
// the runner reads it back (a job row outlives the code that wrote it).
import { xsdTypeSchema } from "../xsd-types";
import { z } from "zod";
import { deviceFilterSchema } from "../devices/search-query";
import { recordId } from "../ids";
import type { Permission } from "../permissions";

const tag = z
  .string()
  .trim()
  .min(1, "Enter a tag")
  .max(64)
  .regex(/^[^,\s]+$/, "Tags have no spaces or commas");

export const bulkActionSchema = z.discriminatedUnion("action", [
  z.object({ action: z.literal("tag"), tag }),
  z.object({ action: z.literal("untag"), tag }),
  z.object({ action: z.literal("refresh") }),
  z.object({ action: z.literal("reboot") }),
  z.object({
    action: z.literal("set"),
    path: z
      .string()
      .trim()
      .min(1, "Enter a parameter path")
      .max(1024)
      .regex(
        /^[A-Za-z_][\w-]*(\.[\w-]+)*$/,
        "A parameter path looks like Device.ManagementServer.PeriodicInformInterval",
      ),
    value: z.string().max(65535),
    /** xsd type sent with the value; taken from the data model when the path is known. */
    type: xsdTypeSchema.optional(),
  }),
  /** A store image to every device it applies to (others fail with the reason): a Download each. */
  z.object({ action: z.literal("download"), imageId: recordId }),
]);

export type BulkAction = z.infer<typeof bulkActionSchema>;
export type BulkActionName = BulkAction["action"];

/**
 * What each action needs besides devices.bulk: the permission the same change needs on one device
 * (device.reboot, device.setValue, device.setTags...), so a bulk job is never a way around a role. A
 * "set" of a ManagementServer parameter needs more (permissionToWrite). A new action must name one here.
 */
export const BULK_ACTION_PERMISSION: Record<BulkActionName, Permission> = {
  tag: "devices.write",
  untag: "devices.write",
  refresh: "devices.write",
  reboot: "devices.reboot",
  set: "devices.write",
  download: "firmware.rollout",
};

const MAX_EXPLICIT_DEVICES = 10_000;

const bulkSelectionSchema = z.union([
  z.object({
    deviceIds: z.array(recordId).min(1, "Select at least one device").max(MAX_EXPLICIT_DEVICES),
  }),
  z.object({ filter: deviceFilterSchema }),
]);

export const throttleSchema = z.object({
  /** New devices started per second. */
  perSecond: z.number().int().min(1).max(1000).default(10),
  /** Devices with tasks of this job not yet answered, at most. */
  maxOutstanding: z.number().int().min(1).max(10_000).default(50),
  /** A device that has not run its tasks by then (offline for a day) counts as failed: "expired". */
  taskTtlMinutes: z
    .number()
    .int()
    .min(1)
    .max(30 * 24 * 60)
    .default(24 * 60),
});

export const createBulkJobSchema = z.object({
  action: bulkActionSchema,
  selection: bulkSelectionSchema,
  throttle: throttleSchema.partial().optional(),
});

/** What is stored in BulkJob.params: the action's parameters plus the throttle it runs with. */
export const storedParamsSchema = z.object({
  action: bulkActionSchema,
  throttle: throttleSchema,
  /** Why the runner stopped the job (its creator may no longer run it); set once, shown with the job. */
  stopReason: z.string().max(500).optional(),
});
export type StoredParams = z.infer<typeof storedParamsSchema>;

/** What is stored in BulkJob.selection: the selection plus how far it has been expanded into items. */
export const storedSelectionSchema = z.intersection(
  bulkSelectionSchema,
  z.object({ afterId: z.number().int().default(0), expanded: z.boolean().default(false) }),
);
export type StoredSelection = z.infer<typeof storedSelectionSchema>;

export const ITEM_STATES = ["pending", "waiting", "done", "failed", "cancelled"] as const;
export type ItemState = (typeof ITEM_STATES)[number];

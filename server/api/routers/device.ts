// One device's page: summary, timeline, live parameter tree, and the actions an operator takes on it.
// Reads need devices.read; each action asks for the permission it needs (see permissions.ts). What the
// reads show of audience data (AudienceStats) depends on audience.read: readerFor(role) says which.
import "server-only";
import { z } from "zod";
import {
  addObject,
  cancelDeviceTask,
  deleteObject,
  factoryReset,
  NOTIFICATION,
  reboot,
  refreshAll,
  refreshSubtree,
  retryDeviceTask,
  runDiagnostics,
  setInformInterval,
  setNotification,
  setValue,
} from "../../devices/actions";
import { readerFor } from "../../devices/audience-visibility";
import { ACTIVITY_WINDOWS, activitySchema, deviceActivity } from "../../devices/activity";
import { deviceChangeStamp } from "../../devices/change-stamp";
import { getDeviceDetail, updateNotes, updateTags } from "../../devices/detail";
import { listChildren, readDiagnostics } from "../../devices/parameter-tree";
import { deviceTimeline, TIMELINE_FILTERS } from "../../devices/timeline";
import {
  deviceDetailSchema,
  diagnosticsSchema,
  timelinePageSchema,
  treeLevelSchema,
  treeSearchResultSchema,
} from "../../devices/tree-schemas";
import { searchTree } from "../../devices/tree-search";
import { natTraversal, natTraversalSchema } from "../../household/nat-traversal";
import { listTasks } from "../../tasks/service";
import {
  deviceNotes,
  deviceTags,
  diagnosticRequest,
  informIntervalSeconds,
} from "../../../lib/devices/action-schemas";
import { recordId } from "../../../lib/ids";
import { actionResultSchema, deviceTaskSchema, taskStateSchema } from "../outputs";
import { createTRPCRouter, permissionProcedure } from "../trpc";

const id = recordId;
const byId = z.object({ id });
const path = z.string().max(1024);
const objectPath = path.regex(/\.$/, "object paths end with '.'");
const onPath = z.object({ id, path: path.min(1) });
const timelineCursor = z.object({ at: z.iso.datetime(), key: z.string().max(40) });

const read = permissionProcedure("devices.read");
const write = permissionProcedure("devices.write");

export const deviceRouter = createTRPCRouter({
  get: read
    .input(byId)
    .output(deviceDetailSchema)
    .query(({ input }) => getDeviceDetail(input.id)),

  timeline: read
    .input(
      z.object({
        id,
        limit: z.number().int().min(1).max(200).default(30),
        /** older entries: the next page */
        cursor: timelineCursor.nullish(),
        /** entries newer than the newest the page shows (its idle refresh), at most `limit` */
        since: timelineCursor.nullish(),
        /** informs (with CPE events), tasks, operator actions, faults; none = everything */
        filters: z.array(z.enum(TIMELINE_FILTERS)).max(TIMELINE_FILTERS.length).optional(),
      }),
    )
    .output(timelinePageSchema)
    .query(({ ctx, input }) =>
      deviceTimeline(input.id, {
        cursor: input.cursor,
        since: input.since,
        limit: input.limit,
        filters: input.filters,
        reader: readerFor(ctx.operator.role),
      }),
    ),

  /** Informs by kind and faults per hour (24 h) or per day (7 d): the History tab's chart. */
  activity: read
    .input(z.object({ id, window: z.enum(ACTIVITY_WINDOWS).default("24h") }))
    .output(activitySchema)
    .query(({ input }) => deviceActivity(input.id, input.window)),

  children: read
    .input(z.object({ id, path: z.union([z.literal(""), objectPath]) }))
    .output(treeLevelSchema)
    .query(({ ctx, input }) => listChildren(input.id, input.path, readerFor(ctx.operator.role))),

  /** A stamp that changes when anything the device page shows changed: the page's idle poll. */
  changes: read
    .input(byId)
    .output(z.object({ stamp: z.string() }))
    .query(async ({ input }) => ({ stamp: await deviceChangeStamp(input.id) })),

  /** Parameters whose path or value contains the text (case-insensitive), first 200 in path order. */
  searchTree: read
    .input(z.object({ id, query: z.string().trim().min(1).max(256) }))
    .output(treeSearchResultSchema)
    .query(({ ctx, input }) => searchTree(input.id, input.query, undefined, readerFor(ctx.operator.role))),

  tasks: permissionProcedure("tasks.read")
    .input(z.object({ id, limit: z.number().int().min(1).max(200).default(30) }))
    .output(z.array(deviceTaskSchema))
    .query(({ ctx, input }) =>
      listTasks(input.id, { limit: input.limit, reader: readerFor(ctx.operator.role) }),
    ),

  diagnostics: read
    .input(byId)
    .output(diagnosticsSchema)
    .query(({ input }) => readDiagnostics(input.id)),

  /** The device's STUN binding and UDP connection requests (TR-111): the NAT traversal panel. */
  natTraversal: read
    .input(byId)
    .output(natTraversalSchema)
    .query(({ input }) => natTraversal(input.id)),

  setTags: write
    .input(z.object({ id, tags: deviceTags }))
    .output(z.array(z.string()))
    .mutation(({ ctx, input }) => updateTags(ctx.operator.id, input.id, input.tags)),

  setNotes: write
    .input(z.object({ id, notes: deviceNotes }))
    .output(z.string())
    .mutation(({ ctx, input }) => updateNotes(ctx.operator.id, input.id, input.notes)),

  refresh: write
    .input(onPath)
    .output(actionResultSchema)
    .mutation(({ ctx, input }) => refreshSubtree(ctx.operator, input.id, input.path)),

  refreshAll: write
    .input(byId)
    .output(actionResultSchema)
    .mutation(({ ctx, input }) => refreshAll(ctx.operator, input.id)),

  setValue: write
    .input(z.object({ id, path: path.min(1), value: z.string().max(65535) }))
    .output(actionResultSchema)
    .mutation(({ ctx, input }) => setValue(ctx.operator, input.id, input.path, input.value)),

  addObject: write
    .input(z.object({ id, path: objectPath }))
    .output(actionResultSchema)
    .mutation(({ ctx, input }) => addObject(ctx.operator, input.id, input.path)),

  deleteObject: write
    .input(z.object({ id, path: objectPath }))
    .output(actionResultSchema)
    .mutation(({ ctx, input }) => deleteObject(ctx.operator, input.id, input.path)),

  setNotification: write
    .input(
      z.object({
        id,
        path: path.min(1),
        mode: z.enum(Object.keys(NOTIFICATION) as ["off", "passive", "active"]),
      }),
    )
    .output(actionResultSchema)
    .mutation(({ ctx, input }) => setNotification(ctx.operator, input.id, input.path, input.mode)),

  setInformInterval: write
    .input(z.object({ id, seconds: informIntervalSeconds() }))
    .output(actionResultSchema)
    .mutation(({ ctx, input }) => setInformInterval(ctx.operator, input.id, input.seconds)),

  diagnose: write
    // The page's diagnostics form validates with the same schema (lib/devices/action-schemas.ts).
    .input(diagnosticRequest.extend({ id }))
    .output(actionResultSchema)
    .mutation(({ ctx, input }) => {
      const { id: deviceId, ...diag } = input;
      return runDiagnostics(ctx.operator, deviceId, diag);
    }),

  reboot: permissionProcedure("devices.reboot")
    .input(byId)
    .output(actionResultSchema)
    .mutation(({ ctx, input }) => reboot(ctx.operator, input.id)),

  factoryReset: permissionProcedure("devices.factory_reset")
    .input(byId)
    .output(actionResultSchema)
    .mutation(({ ctx, input }) => factoryReset(ctx.operator, input.id)),

  cancelTask: permissionProcedure("tasks.write")
    .input(z.object({ id, taskId: id }))
    .output(taskStateSchema)
    .mutation(({ ctx, input }) => cancelDeviceTask(ctx.operator, input.id, input.taskId)),

  retryTask: permissionProcedure("tasks.write")
    .input(z.object({ id, taskId: id }))
    .output(actionResultSchema)
    .mutation(({ ctx, input }) => retryDeviceTask(ctx.operator, input.id, input.taskId)),
});

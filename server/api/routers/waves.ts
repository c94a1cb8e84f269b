// Firmware and application waves: reads with firmware.read, everything that changes a wave (create,
// start, pause, resume, abort, roll back) with firmware.rollout. The rules live in server/firmware/waves.
import "server-only";
import { z } from "zod";
import {
  waveCompletionsSchema,
  waveCreateSchema,
  waveDetailSchema,
  waveDevicesInputSchema,
  waveDevicesOutputSchema,
  waveFailuresSchema,
  waveIdSchema,
  waveMulticastSchema,
  wavePreviewInputSchema,
  wavePreviewSchema,
  waveRollbackSchema,
  waveStateSchema,
  waveSummarySchema,
} from "../../../lib/firmware/wave-api";
import {
  abortWave,
  createWave,
  pauseWaveNow,
  previewWave,
  resumeWave,
  rollbackWave,
  startWave,
} from "../../firmware/waves/actions";
import {
  getWave,
  listWaves,
  waveCompletions,
  waveDevices,
  waveFailures,
  waveImages,
} from "../../firmware/waves/queries";
import { waveMulticast } from "../../firmware/multicast/queries";
import { createTRPCRouter, permissionProcedure } from "../trpc";

const read = permissionProcedure("firmware.read");
const rollout = permissionProcedure("firmware.rollout");
const ok = z.object({ ok: z.literal(true) });

export const wavesRouter = createTRPCRouter({
  list: read
    .input(z.object({ state: waveStateSchema.optional() }).default({}))
    .output(z.array(waveSummarySchema))
    .query(({ input }) => listWaves(input.state)),
  get: read
    .input(waveIdSchema)
    .output(waveDetailSchema)
    .query(({ input }) => getWave(input.id)),
  devices: read
    .input(waveDevicesInputSchema)
    .output(waveDevicesOutputSchema)
    .query(({ input }) => waveDevices(input)),
  failures: read
    .input(waveIdSchema)
    .output(waveFailuresSchema)
    .query(({ input }) => waveFailures(input.id)),
  completions: read
    .input(waveIdSchema)
    .output(waveCompletionsSchema)
    .query(({ input }) => waveCompletions(input.id)),
  multicast: read
    .input(waveIdSchema)
    .output(waveMulticastSchema)
    .query(({ input }) => waveMulticast(input.id)),
  images: read
    .input(z.object({}).default({}))
    .output(
      z.array(
        z.object({
          id: z.number(),
          fileName: z.string(),
          version: z.string(),
          fileType: z.string(),
          productClasses: z.array(z.string()),
          method: z.enum(["download", "install"]),
        }),
      ),
    )
    .query(() => waveImages()),
  preview: rollout
    .input(wavePreviewInputSchema)
    .output(wavePreviewSchema)
    .query(({ input }) => previewWave(input.imageId, input.filter)),
  create: rollout
    .input(waveCreateSchema)
    .output(z.object({ id: z.number() }))
    .mutation(({ ctx, input }) => createWave(ctx.operator, input)),
  start: rollout
    .input(waveIdSchema)
    .output(ok)
    .mutation(async ({ ctx, input }) => {
      await startWave(ctx.operator, input.id);
      return { ok: true as const };
    }),
  pause: rollout
    .input(waveIdSchema)
    .output(ok)
    .mutation(async ({ ctx, input }) => {
      await pauseWaveNow(ctx.operator, input.id);
      return { ok: true as const };
    }),
  resume: rollout
    .input(waveIdSchema)
    .output(ok)
    .mutation(async ({ ctx, input }) => {
      await resumeWave(ctx.operator, input.id);
      return { ok: true as const };
    }),
  abort: rollout
    .input(waveIdSchema)
    .output(ok)
    .mutation(async ({ ctx, input }) => {
      await abortWave(ctx.operator, input.id);
      return { ok: true as const };
    }),
  rollback: rollout
    .input(waveRollbackSchema)
    .output(z.object({ queued: z.number() }))
    .mutation(async ({ ctx, input }) => ({
      queued: await rollbackWave(ctx.operator, input.id, input.stage),
    })),
});

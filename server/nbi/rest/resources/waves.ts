// REST firmware and application waves: list, read (firmware.read), create with an Idempotency-Key,
// pause, resume, abort (firmware.rollout). The console's wave actions and schemas, unchanged.
import "server-only";
import { z } from "zod";
import {
  waveCreateSchema,
  waveDetailSchema,
  waveMulticastSchema,
  waveStateSchema,
  waveSummarySchema,
} from "../../../../lib/firmware/wave-api";
import { abortWave, createWave, pauseWaveNow, resumeWave } from "../../../firmware/waves/actions";
import { getWave, listWaves } from "../../../firmware/waves/queries";
import { waveMulticast } from "../../../firmware/multicast/queries";
import { idempotent } from "../idempotency";
import { apiProcedure, createApiRouter } from "../trpc";
import { pageBeforeId, pageInput, pageOf } from "../pagination";
import { consoleBody, idPath } from "./paging";

const TAGS = ["waves"];
const ok = z.object({ ok: z.literal(true) });

function action(verb: "pause" | "resume" | "abort", summary: string) {
  return apiProcedure("firmware.rollout")
    .meta({ openapi: { method: "POST", path: `/waves/{id}/${verb}`, tags: TAGS, summary, protect: true } })
    .input(idPath)
    .output(ok);
}

export const wavesRoutes = createApiRouter({
  list: apiProcedure("firmware.read")
    .meta({
      openapi: {
        method: "GET",
        path: "/waves",
        tags: TAGS,
        summary: "List waves, newest first",
        protect: true,
      },
    })
    .input(z.object({ ...pageInput, state: waveStateSchema.optional() }))
    .output(pageOf(waveSummarySchema))
    .query(({ input }) =>
      pageBeforeId(input, (take, beforeId) => listWaves(input.state, { beforeId, take })),
    ),

  get: apiProcedure("firmware.read")
    .meta({
      openapi: {
        method: "GET",
        path: "/waves/{id}",
        tags: TAGS,
        summary: "One wave with its stages",
        protect: true,
      },
    })
    .input(idPath)
    .output(waveDetailSchema)
    .query(({ input }) => getWave(input.id)),

  multicast: apiProcedure("firmware.read")
    .meta({
      openapi: {
        method: "GET",
        path: "/waves/{id}/multicast",
        tags: TAGS,
        summary: "A multicast wave's FLUTE session, receivers completed and unicast fallbacks",
        protect: true,
      },
    })
    .input(idPath)
    .output(waveMulticastSchema)
    .query(({ input }) => waveMulticast(input.id)),

  create: apiProcedure("firmware.rollout")
    .meta({
      openapi: {
        method: "POST",
        path: "/waves",
        tags: TAGS,
        summary: "Create a wave (started at once with start: true); send an Idempotency-Key",
        protect: true,
      },
    })
    .input(consoleBody(waveCreateSchema))
    .output(z.object({ id: z.number().int() }))
    .mutation(({ ctx, input }) => idempotent(ctx, input, () => createWave(ctx.principal.actor, input))),

  pause: action("pause", "Pause a running wave").mutation(async ({ ctx, input }) => {
    await pauseWaveNow(ctx.principal.actor, input.id);
    return { ok: true as const };
  }),
  resume: action("resume", "Resume a paused wave").mutation(async ({ ctx, input }) => {
    await resumeWave(ctx.principal.actor, input.id);
    return { ok: true as const };
  }),
  abort: action("abort", "Abort a wave (devices not yet started stay as they are)").mutation(
    async ({ ctx, input }) => {
      await abortWave(ctx.principal.actor, input.id);
      return { ok: true as const };
    },
  ),
});

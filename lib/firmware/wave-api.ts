// The waves API's shapes (tRPC .input()/.output() and the console's types): one definition for both.
import { z } from "zod";
import { deviceFilterSchema } from "../devices/search-query";
import { INT4_MAX, recordId } from "../ids";
import { WAVE_DEVICE_STATES, waveDeliverySchema, wavePlanSchema } from "./wave-schema";

export const WAVE_STATES = ["draft", "running", "paused", "done", "aborted"] as const;
export const waveStateSchema = z.enum(WAVE_STATES);
export const waveDeviceStateSchema = z.enum(WAVE_DEVICE_STATES);

/** Devices per state (every state present, 0 when none). */
export const waveCountsSchema = z.object(
  Object.fromEntries(WAVE_DEVICE_STATES.map((s) => [s, z.number().int()])) as Record<
    (typeof WAVE_DEVICE_STATES)[number],
    z.ZodNumber
  >,
);
export type WaveCounts = z.infer<typeof waveCountsSchema>;

export const waveSummarySchema = z.object({
  id: z.number().int(),
  name: z.string(),
  state: waveStateSchema,
  method: z.enum(["download", "install"]),
  delivery: waveDeliverySchema,
  image: z.object({ id: z.number().int(), fileName: z.string(), version: z.string() }),
  total: z.number().int(),
  counts: waveCountsSchema,
  currentStage: z.number().int(),
  stageCount: z.number().int(),
  pauseReason: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.date(),
  startedAt: z.date().nullable(),
  finishedAt: z.date().nullable(),
});
export type WaveSummary = z.infer<typeof waveSummarySchema>;

export const waveStageSchema = z.object({
  index: z.number().int(),
  name: z.string(),
  size: z.number().int(),
  state: z.enum(["pending", "running", "done"]),
  startedAt: z.date().nullable(),
  completedAt: z.date().nullable(),
  counts: waveCountsSchema,
});

export const waveDetailSchema = waveSummarySchema.extend({
  plan: wavePlanSchema,
  filter: deviceFilterSchema,
  rollbackImage: z.object({ id: z.number().int(), fileName: z.string(), version: z.string() }).nullable(),
  stages: z.array(waveStageSchema),
  /** When the current stage may start (the wait after the previous one). */
  stageStartAt: z.date().nullable(),
  /** The window: whether it is open now, and when the next one opens (null: no window). */
  window: z.object({ open: z.boolean(), nextOpen: z.date().nullable() }).nullable(),
  /** Why nothing starts now, in words ("outside the maintenance window", "waiting 60 min after stage 1"). */
  blockedBy: z.string().nullable(),
});
export type WaveDetail = z.infer<typeof waveDetailSchema>;

export const waveDeviceRowSchema = z.object({
  deviceId: z.number().int(),
  serialNumber: z.string(),
  modelName: z.string(),
  stage: z.number().int(),
  state: waveDeviceStateSchema,
  fromVersion: z.string(),
  toVersion: z.string(),
  faultCode: z.number().int().nullable(),
  reason: z.string().nullable(),
  updatedAt: z.date(),
});
export type WaveDeviceRow = z.infer<typeof waveDeviceRowSchema>;

export const waveDevicesInputSchema = z.object({
  id: recordId,
  state: waveDeviceStateSchema.optional(),
  stage: z.number().int().min(0).max(100).optional(),
  /** Rows after this WaveDevice position (cursor pagination). */
  after: z.number().int().min(-1).max(INT4_MAX).default(-1),
  limit: z.number().int().min(1).max(500).default(100),
});

export const waveDevicesOutputSchema = z.object({
  items: z.array(waveDeviceRowSchema),
  nextAfter: z.number().int().nullable(),
});

export const waveFailuresSchema = z.object({
  byReason: z.array(
    z.object({ faultCode: z.number().int().nullable(), reason: z.string(), count: z.number().int() }),
  ),
  byModel: z.array(z.object({ modelName: z.string(), failed: z.number().int(), total: z.number().int() })),
});

/** Completions per time bucket (verified and failed devices), for the wave page's chart. */
export const waveCompletionsSchema = z.array(
  z.object({
    t: z.date(),
    verified: z.number().int(),
    failed: z.number().int(),
    rolledBack: z.number().int(),
  }),
);

export const waveCreateSchema = z.object({
  name: z.string().trim().min(1, "Name the wave").max(100),
  imageId: recordId,
  rollbackImageId: recordId.nullable().default(null),
  filter: deviceFilterSchema,
  plan: wavePlanSchema,
  /** "multicast": a FLUTE carousel (firmware images only), devices that cannot join get HTTP. */
  delivery: waveDeliverySchema.default("http"),
  /** Start at once (else saved as a draft to start later). */
  start: z.boolean().default(false),
});
export type WaveCreate = z.input<typeof waveCreateSchema>;

export const wavePreviewInputSchema = z.object({
  imageId: recordId,
  filter: deviceFilterSchema,
});
export const wavePreviewSchema = z.object({
  matched: z.number().int(),
  eligible: z.number().int(),
  /** Why the others are left out ("already on 2.1.0", "product class X not listed"), largest first. */
  excluded: z.array(z.object({ reason: z.string(), count: z.number().int() })),
  /** Stage sizes for the eligible devices. */
  stageSizes: z.array(z.number().int()),
});

/** A multicast wave's FLUTE session and what its devices did with it (the wave page's panel). */
export const waveMulticastSchema = z.object({
  session: z
    .object({
      state: z.enum(["pending", "sending", "done", "failed", "stopped"]),
      group: z.string(),
      port: z.number().int(),
      tsi: z.number().int(),
      version: z.number().int(),
      rateKbps: z.number().int(),
      passes: z.number().int(),
      packetsSent: z.number().int(),
      bytesSent: z.number().int(),
      imageSize: z.number().int(),
      ownerNode: z.string().nullable(),
      startedAt: z.date().nullable(),
      endsAt: z.date().nullable(),
      endedAt: z.date().nullable(),
      lastError: z.string().nullable(),
    })
    .nullable(),
  /** Devices sent the session's URL and still on it, and those verified on the new version through it. */
  receiving: z.number().int(),
  completed: z.number().int(),
  /** Devices whose multicast attempt failed and were retried over HTTP, and why. */
  fellBack: z.number().int(),
  fellBackVerified: z.number().int(),
  reasons: z.array(
    z.object({ faultCode: z.number().int().nullable(), reason: z.string(), count: z.number().int() }),
  ),
});
export type WaveMulticast = z.infer<typeof waveMulticastSchema>;

export const waveIdSchema = z.object({ id: recordId });
export const waveRollbackSchema = z.object({
  id: recordId,
  /** A whole stage's verified devices; without it, the wave's failed devices. */
  stage: z.number().int().min(0).max(100).optional(),
});

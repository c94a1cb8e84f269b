// A wave's plan as the console submits it and Wave.plan stores it: stages, window, caps, criteria.
import { z } from "zod";

const minutes = (max: number) => z.number().int().min(0).max(max);

export const stageSizeSchema = z
  .object({
    /** A number of devices, or a percentage of the wave's devices (one of the two). */
    count: z.number().int().min(1).max(10_000_000).optional(),
    percent: z.number().gt(0).max(100).optional(),
  })
  .refine((s) => (s.count === undefined) !== (s.percent === undefined), "give a count or a percent");
export type StageSize = z.infer<typeof stageSizeSchema>;

export const waveWindowSchema = z.object({
  /** croner pattern of each window's start, e.g. "0 2 * * *" (02:00 every night). */
  cron: z.string().min(1).max(100),
  durationMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60),
  /** IANA time zone the pattern is read in. */
  timeZone: z.string().min(1).max(64),
});
export type WaveWindow = z.infer<typeof waveWindowSchema>;

export const waveQoeGateSchema = z.object({
  metrics: z.array(z.string().min(1).max(64)).min(1).max(10),
  maxRegressionPct: z.number().min(1).max(1000).default(20),
  windowMinutes: minutes(7 * 24 * 60).default(120),
  /** Viewing seconds each group needs before the gate judges (else it waits, not passes). */
  minSeconds: z.number().int().min(60).max(10_000_000).default(3600),
});
export type WaveQoeGate = z.infer<typeof waveQoeGateSchema>;

export const wavePlanSchema = z.object({
  /** The first stage; its failures decide whether the rest run. */
  canary: stageSizeSchema,
  /** The stages after the canary; the last one also takes whatever the sizes leave. */
  stages: z.array(stageSizeSchema).min(1).max(20),
  /** Wait after a stage completes before the next starts. */
  waitMinutes: minutes(7 * 24 * 60).default(60),
  /** Devices with a Download sent and not yet verified or failed, at most. */
  maxConcurrent: z.number().int().min(1).max(100_000).default(100),
  /** Downloads started per minute, at most. */
  perMinute: z.number().int().min(1).max(1_000_000).default(60),
  window: waveWindowSchema.nullable().default(null),
  /** A device must report the new version within this many minutes of its Download being sent. */
  verifyMinutes: z
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .default(60),
  /** Auto-pause when a stage's failed / finished exceeds this (once minSample devices finished) ... */
  failureRatio: z.number().min(0).max(1).default(0.2),
  minSample: z.number().int().min(1).max(100_000).default(5),
  /** ... or when a stage has this many failures. */
  maxFailures: z.number().int().min(1).max(1_000_000).default(25),
  /** Send a device that fails verification its previous image. */
  autoRollback: z.boolean().default(false),
  delaySeconds: z.number().int().min(0).max(86_400).default(0),
  /**
   * QoE gate (monitoring): before each stage after the canary, the upgraded devices are compared with
   * not-yet-upgraded devices of the same model on these metrics (lib/monitoring/kpis.ts keys) over the
   * last `windowMinutes`; a metric worse by more than `maxRegressionPct` pauses the wave. null: off.
   */
  qoeGate: waveQoeGateSchema.nullable().default(null),
});
export type WavePlan = z.infer<typeof wavePlanSchema>;

/**
 * How a wave sends its image: "http" (each device fetches it from the file server) or "multicast"
 * (one FLUTE carousel the devices join; a device that cannot join is retried once over HTTP).
 */
export const WAVE_DELIVERIES = ["http", "multicast"] as const;
export const waveDeliverySchema = z.enum(WAVE_DELIVERIES);
export type WaveDelivery = z.infer<typeof waveDeliverySchema>;

export const WAVE_DEVICE_STATES = [
  "pending",
  "downloading",
  "rebooting",
  "verified",
  "failed",
  "rolling_back",
  "rolled_back",
  "skipped",
] as const;
export type WaveDeviceState = (typeof WAVE_DEVICE_STATES)[number];

/** States a device leaves no more (for stage completion). */
export const FINAL_DEVICE_STATES: readonly WaveDeviceState[] = [
  "verified",
  "failed",
  "rolled_back",
  "skipped",
];

/** Sizes of each stage for `total` devices: canary first, the last stage takes the remainder. */
export function stageSizes(plan: Pick<WavePlan, "canary" | "stages">, total: number): number[] {
  const sizeOf = (s: StageSize) =>
    s.count !== undefined ? s.count : Math.max(1, Math.ceil((total * (s.percent ?? 0)) / 100));
  const sizes: number[] = [];
  let left = total;
  for (const [i, s] of [plan.canary, ...plan.stages].entries()) {
    const last = i === plan.stages.length;
    const n = last ? left : Math.min(left, sizeOf(s));
    sizes.push(n);
    left -= n;
  }
  return sizes;
}

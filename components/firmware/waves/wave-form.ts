// The new-wave form's values (what the inputs hold) and their translation into the waves.create
// input. The form validates its own fields; the result is checked again by waveCreateSchema, the
// schema the server parses, so the browser refuses what the server would.
import { z } from "zod";
import type { DeviceFilter } from "@/lib/devices/search-query";
import { waveCreateSchema, type WaveCreate } from "@/lib/firmware/wave-api";
import {
  waveDeliverySchema,
  waveQoeGateSchema,
  type StageSize,
  type WavePlan,
  type WaveQoeGate,
} from "@/lib/firmware/wave-schema";

/** The gate's fields as the form names them (for the gate schema's errors). */
const QOE_FIELDS: Record<string, string> = {
  metrics: "qoeMetrics",
  maxRegressionPct: "qoeMaxRegressionPct",
  windowMinutes: "qoeWindowMinutes",
  minSeconds: "qoeMinSeconds",
};

/** The plan's QoE gate from the form (the gate schema judges it: lib/firmware/wave-schema.ts). */
export function qoeGateOf(v: {
  qoeMetrics?: string[];
  qoeMaxRegressionPct?: number;
  qoeWindowMinutes?: number;
  qoeMinSeconds?: number;
}): WaveQoeGate {
  return {
    metrics: v.qoeMetrics ?? [],
    maxRegressionPct: v.qoeMaxRegressionPct ?? 20,
    windowMinutes: v.qoeWindowMinutes ?? 120,
    minSeconds: v.qoeMinSeconds ?? 3600,
  };
}

const whole = (what: string, min: number, max: number) =>
  z
    .number({ message: `Enter ${what}` })
    .int(`${what[0]?.toUpperCase()}${what.slice(1)} must be a whole number`)
    .min(min, `At least ${min}`)
    .max(max, `At most ${max.toLocaleString("en")}`);

export const sizeRowSchema = z
  .object({
    amount: z.number({ message: "Enter a size" }).positive("More than 0"),
    unit: z.enum(["count", "percent"]),
  })
  .superRefine((row, ctx) => {
    if (row.unit === "percent" && row.amount > 100)
      ctx.addIssue({ code: "custom", path: ["amount"], message: "At most 100 %" });
    if (row.unit === "count" && !Number.isInteger(row.amount))
      ctx.addIssue({ code: "custom", path: ["amount"], message: "A whole number of devices" });
  });
export type SizeRow = z.infer<typeof sizeRowSchema>;

export const waveFormSchema = z
  .object({
    name: z.string().trim().min(1, "Name the wave").max(100, "At most 100 characters"),
    imageId: z.string().regex(/^\d+$/, "Choose an image"),
    rollbackImageId: z.string(),
    delivery: waveDeliverySchema.default("http"),
    target: z.enum(["saved", "search"]),
    savedSearchId: z.string(),
    canary: sizeRowSchema,
    stages: z.array(sizeRowSchema).min(1, "Add a stage after the canary").max(20, "At most 20 stages"),
    waitMinutes: whole("the wait", 0, 7 * 24 * 60),
    maxConcurrent: whole("a concurrency cap", 1, 100_000),
    perMinute: whole("a rate", 1, 1_000_000),
    useWindow: z.boolean(),
    cron: z.string().trim().max(100),
    // A cleared number input is NaN: only an error while the window is on (checked below).
    durationMinutes: z.number().or(z.nan()).optional(),
    timeZone: z.string().trim().max(64),
    verifyMinutes: whole("the verification time", 1, 7 * 24 * 60),
    failurePercent: z.number({ message: "Enter a ratio" }).min(0, "At least 0 %").max(100, "At most 100 %"),
    minSample: whole("a sample size", 1, 100_000),
    maxFailures: whole("a number of failures", 1, 1_000_000),
    autoRollback: z.boolean(),
    useQoeGate: z.boolean().default(false),
    qoeMetrics: z.array(z.string().max(64)).max(10).default([]),
    // Cleared inputs are NaN: only an error while the gate is on (checked below).
    qoeMaxRegressionPct: z.number().or(z.nan()).default(20),
    qoeWindowMinutes: z.number().or(z.nan()).default(120),
    qoeMinSeconds: z.number().or(z.nan()).default(3600),
  })
  .superRefine((v, ctx) => {
    if (v.useQoeGate) {
      const gate = waveQoeGateSchema.safeParse(qoeGateOf(v));
      for (const issue of gate.success ? [] : gate.error.issues) {
        const field = QOE_FIELDS[String(issue.path[0])];
        if (field) ctx.addIssue({ code: "custom", path: [field], message: issue.message });
      }
    }
    if (v.target === "saved" && !/^\d+$/.test(v.savedSearchId))
      ctx.addIssue({ code: "custom", path: ["savedSearchId"], message: "Choose a saved search" });
    if (!v.useWindow) return;
    if (!v.cron) ctx.addIssue({ code: "custom", path: ["cron"], message: "Enter when each window opens" });
    const d = v.durationMinutes;
    if (d === undefined || !Number.isInteger(d) || d < 1 || d > 24 * 60)
      ctx.addIssue({ code: "custom", path: ["durationMinutes"], message: "1 to 1440 minutes" });
    if (!v.timeZone) ctx.addIssue({ code: "custom", path: ["timeZone"], message: "Enter a time zone" });
  });
export type WaveFormInput = z.input<typeof waveFormSchema>;
export type WaveFormValues = z.output<typeof waveFormSchema>;

/** The browser's zone (the window's default), UTC when it cannot tell. */
export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  } catch {
    return "UTC";
  }
}

/** A fresh form: a 1-device canary, then 10 % and the rest, the plan schema's defaults elsewhere. */
export function defaultWaveForm(timeZone: string, target: "saved" | "search"): WaveFormInput {
  return {
    name: "",
    imageId: "",
    rollbackImageId: "",
    delivery: "http",
    target,
    savedSearchId: "",
    canary: { amount: 1, unit: "count" },
    stages: [
      { amount: 10, unit: "percent" },
      { amount: 100, unit: "percent" },
    ],
    waitMinutes: 60,
    maxConcurrent: 100,
    perMinute: 60,
    useWindow: false,
    cron: "0 2 * * *",
    durationMinutes: 240,
    timeZone,
    verifyMinutes: 60,
    failurePercent: 20,
    minSample: 5,
    maxFailures: 25,
    autoRollback: false,
    useQoeGate: false,
    qoeMetrics: ["impaired_pct", "qoe"],
    qoeMaxRegressionPct: 20,
    qoeWindowMinutes: 120,
    qoeMinSeconds: 3600,
  };
}

export function stageSize(row: SizeRow): StageSize {
  return row.unit === "count" ? { count: row.amount } : { percent: row.amount };
}

/** The plan part of the form as the server stores it. */
export function planOf(v: WaveFormValues): WavePlan {
  return {
    canary: stageSize(v.canary),
    stages: v.stages.map(stageSize),
    qoeGate: v.useQoeGate ? qoeGateOf(v) : null,
    waitMinutes: v.waitMinutes,
    maxConcurrent: v.maxConcurrent,
    perMinute: v.perMinute,
    window:
      v.useWindow && v.durationMinutes !== undefined
        ? { cron: v.cron, durationMinutes: v.durationMinutes, timeZone: v.timeZone }
        : null,
    verifyMinutes: v.verifyMinutes,
    // Rounded so 12.5 % is 0.125, not 0.12500000000000003.
    failureRatio: Math.round(v.failurePercent * 1000) / 100_000,
    minSample: v.minSample,
    maxFailures: v.maxFailures,
    autoRollback: v.autoRollback,
    delaySeconds: 0,
  };
}

export type CreateResult = { ok: true; input: WaveCreate } | { ok: false; error: string };

/** The waves.create input, or the first reason the server's schema would refuse it. */
export function createInput(v: WaveFormValues, filter: DeviceFilter, start: boolean): CreateResult {
  const input = {
    name: v.name,
    imageId: Number(v.imageId),
    rollbackImageId: v.rollbackImageId ? Number(v.rollbackImageId) : null,
    filter,
    plan: planOf(v),
    delivery: v.delivery,
    start,
  };
  const parsed = waveCreateSchema.safeParse(input);
  if (parsed.success) return { ok: true, input };
  const issue = parsed.error.issues[0];
  return { ok: false, error: issue ? `${issue.path.join(".") || "wave"}: ${issue.message}` : "invalid wave" };
}

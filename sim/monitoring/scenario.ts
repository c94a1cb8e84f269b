// Impairment scenarios: where a fault is injected (headend, regional insertion point, access node,
// home, device model), when and how hard. The file is the ground truth tests and the localization
// benchmark compare incidents against. Times are absolute (ISO) or minutes relative to "now".
import { readFileSync } from "node:fs";
import { z } from "zod";

const Location = z.union([
  z.object({ kind: z.literal("headend"), headend: z.string().min(1).max(64) }).strict(),
  z.object({ kind: z.literal("headend"), channel: z.string().min(1).max(64) }).strict(),
  z
    .object({
      kind: z.literal("insertion"),
      channel: z.string().min(1).max(64),
      region: z.string().min(1).max(64),
    })
    .strict(),
  z.object({ kind: z.literal("access"), accessNode: z.string().min(1).max(64) }).strict(),
  z.object({ kind: z.literal("home"), household: z.string().min(1).max(64) }).strict(),
  z
    .object({
      kind: z.literal("model"),
      model: z.string().min(1).max(64),
      softwareVersion: z.string().min(1).max(64).optional(),
    })
    .strict(),
]);

const MINUTES = 60 * 24 * 3650;
const Impairment = z
  .object({
    id: z.string().min(1).max(64),
    location: Location,
    start: z.iso.datetime({ offset: true }).optional(),
    startMin: z.number().min(-MINUTES).max(MINUTES).optional(),
    end: z.iso.datetime({ offset: true }).optional(),
    endMin: z.number().min(-MINUTES).max(MINUTES).optional(),
    severity: z.number().min(0.1).max(1),
  })
  .strict()
  .refine((i) => (i.start === undefined) !== (i.startMin === undefined), {
    message: "give exactly one of start / startMin",
  })
  .refine((i) => (i.end === undefined) !== (i.endMin === undefined), {
    message: "give exactly one of end / endMin",
  });

export const ScenarioSchema = z
  .object({
    seed: z.number().int().min(0).max(0x7fffffff).optional(),
    impairments: z.array(Impairment).max(1000),
  })
  .strict();

export type ScenarioInput = z.infer<typeof ScenarioSchema>;
export type ImpairmentLocation = z.infer<typeof Location>;

export interface ActiveImpairment {
  id: string;
  location: ImpairmentLocation;
  /** ms since the epoch */
  startMs: number;
  endMs: number;
  severity: number;
}

export interface Scenario {
  seed: number;
  impairments: ActiveImpairment[];
}

export const EMPTY_SCENARIO: Scenario = { seed: 0, impairments: [] };

/** Validate and resolve relative times against `now` (ms); throws a readable error on bad input. */
export function parseScenario(input: unknown, now = Date.now()): Scenario {
  const r = ScenarioSchema.safeParse(input);
  if (!r.success) {
    const first = r.error.issues[0];
    throw new Error(`scenario: ${first?.path.join(".") || "(root)"}: ${first?.message ?? "invalid"}`);
  }
  const at = (iso: string | undefined, min: number | undefined): number =>
    iso !== undefined ? Date.parse(iso) : now + (min ?? 0) * 60_000;
  const impairments = r.data.impairments.map((i) => {
    const startMs = at(i.start, i.startMin);
    const endMs = at(i.end, i.endMin);
    if (!(endMs > startMs)) throw new Error(`scenario: impairment ${i.id} ends before it starts`);
    return { id: i.id, location: i.location, startMs, endMs, severity: i.severity };
  });
  return { seed: r.data.seed ?? 0, impairments };
}

export function loadScenario(file: string, now = Date.now()): Scenario {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new Error(`scenario: ${file}: ${(e as Error).message}`);
  }
  return parseScenario(json, now);
}

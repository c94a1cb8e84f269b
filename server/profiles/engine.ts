// The profile engine: on a session (an Inform, or a profile task's answer) it brings the device's
// profiles one step further — read, set, verify — and records where each stands. The hot path (an
// Inform with nothing due) is decided in memory from the catalog and the columns the Inform's own
// statement returned; only a device with something due is read from the database.
import type { ProfileTrigger } from "../../lib/profiles/definition";
import { lookupParameter } from "../datamodel/registry";
import { db } from "../db";
import type { ParameterDocument } from "../devices/parameter-document";
import type { InformRecordedEvent, InformedDevice, TaskFinishedEvent } from "../events/session-events";
import { logger } from "../logger";
import { enabledProfiles, type CatalogProfile } from "./catalog";
import { matchesColumns, matchesParameter } from "./precondition";
import { PROFILE_CREATOR, stampOf } from "./identity";
import { BOOTSTRAP_CREATOR } from "../devices/provisioning";
import { applyDecisions, type DeviceProfileRow } from "./store";
import { finishedTask } from "../tasks/finished";

const TRIGGERS: Record<ProfileTrigger, (codes: ReadonlySet<string>, firstContact: boolean) => boolean> = {
  first_contact: (c, first) => first || c.has("0 BOOTSTRAP"),
  boot: (c) => c.has("1 BOOT") || c.has("0 BOOTSTRAP"),
  periodic: (c) => c.has("2 PERIODIC"),
  value_change: (c) => c.has("4 VALUE CHANGE"),
  on_demand: () => false,
};

export interface EvaluationContext {
  /** Profiles whose column conditions match the device (parameter conditions are checked here). */
  candidates: readonly CatalogProfile[];
  /** Profiles a trigger of this session fires for. */
  triggered: ReadonlySet<number>;
  now?: Date;
}

/** inform.recorded: decide in memory whether anything is due; evaluate only then. */
export async function profilesOnInform(e: InformRecordedEvent): Promise<void> {
  const profiles = await enabledProfiles();
  const d = e.device;
  if (profiles.length === 0 && d.profilesStamp === null) return;
  const candidates = profiles.filter((p) => matchesColumns(p.definition.precondition, d));
  const dueByTime = d.profilesDueAt !== null && d.profilesDueAt.getTime() <= Date.now();
  const changed = stampOf(candidates) !== (d.profilesStamp ?? "");
  // "periodic" is a re-check, not work on every periodic Inform: it fires for a device not yet evaluated
  // against these profiles, or once its due time (a day after the last check, a back-off) has come.
  const fires = (t: ProfileTrigger) =>
    t === "periodic"
      ? e.codes.has("2 PERIODIC") && (changed || dueByTime)
      : TRIGGERS[t](e.codes, e.firstContact);
  const triggered = new Set(candidates.filter((p) => p.definition.triggers.some(fires)).map((p) => p.id));
  if (triggered.size === 0 && !dueByTime && !changed) return;
  await evaluateDevice(d.id, { candidates, triggered });
}

/**
 * task.finished: a profile's task was answered (or ended): take the next step in the same session. Also
 * the bootstrap's full read: a TR-181 box is known as a set-top box (kind, model columns) only once its
 * tree has been read, so profiles for it are decided again then, their first-contact and boot triggers
 * firing as they would have at the Inform had the box been recognised (same session).
 */
export async function profilesOnTaskFinished(e: TaskFinishedEvent): Promise<void> {
  const profiles = await enabledProfiles();
  if (profiles.length === 0) return;
  const task = await finishedTask(e);
  if (!task) return;
  const bootstrapRead = e.outcome !== "Fault" && isBootstrapFullRead(task);
  if (!task.createdBy.startsWith(PROFILE_CREATOR) && !bootstrapRead) return;
  const device = await informedDevice(e.deviceId);
  if (!device) return;
  const candidates = profiles.filter((p) => matchesColumns(p.definition.precondition, device));
  if (!bootstrapRead || task.createdBy.startsWith(PROFILE_CREATOR)) {
    await evaluateDevice(e.deviceId, { candidates, triggered: new Set() });
    return;
  }
  // Nothing new became applicable: the Inform's own evaluation stands.
  if (stampOf(candidates) === (device.profilesStamp ?? "")) return;
  const evaluated = new Set((device.profilesStamp ?? "").split(",").map((entry) => entry.split(":")[0]));
  const triggered = new Set(
    candidates
      .filter((p) => !evaluated.has(String(p.id)))
      .filter((p) => p.definition.triggers.some((t) => t === "first_contact" || t === "boot"))
      .map((p) => p.id),
  );
  await evaluateDevice(e.deviceId, { candidates, triggered });
}

/** The whole-tree GetParameterValues the ACS queues at first contact / BOOTSTRAP (devices/provisioning). */
function isBootstrapFullRead(task: { createdBy: string; name: string; request: unknown }): boolean {
  if (task.createdBy !== BOOTSTRAP_CREATOR || task.name !== "GetParameterValues") return false;
  const names = (task.request as { parameterNames?: unknown } | null)?.parameterNames;
  return (
    Array.isArray(names) && names.length === 1 && typeof names[0] === "string" && /^[^.]+\.$/.test(names[0])
  );
}

/** The device columns a profile evaluation decides on (what the Inform's statement returns too). */
export const INFORMED_COLUMNS = {
  id: true,
  kind: true,
  rootObject: true,
  oui: true,
  productClass: true,
  serialNumber: true,
  modelName: true,
  softwareVersion: true,
  subscriberId: true,
  tags: true,
  lastBoot: true,
  profilesStamp: true,
  profilesDueAt: true,
} as const;

export async function informedDevice(deviceId: number): Promise<InformedDevice | null> {
  return db().device.findUnique({ where: { id: deviceId }, select: INFORMED_COLUMNS });
}

/**
 * Evaluate the device's applicable profiles now: each one that is due takes its next step (tasks
 * queued in one transaction with the rows). Returns the device's rows after the evaluation.
 */
export async function evaluateDevice(deviceId: number, ctx: EvaluationContext): Promise<DeviceProfileRow[]> {
  const device = await db().device.findUnique({
    where: { id: deviceId },
    select: { ...INFORMED_COLUMNS, parameters: true },
  });
  if (!device) return [];
  const doc = (device.parameters ?? {}) as unknown as ParameterDocument;
  const applicable = ctx.candidates.filter((p) =>
    p.definition.precondition.parameters.every((c) => matchesParameter(c, (path) => doc[path])),
  );
  try {
    return await applyDecisions({
      device,
      doc,
      applicable,
      candidates: ctx.candidates,
      triggered: ctx.triggered,
      now: ctx.now ?? new Date(),
      typeOf: (path) => lookupParameter(path)?.facts.t,
    });
  } catch (error) {
    // The session goes on without profile work; the device is evaluated again at its next Inform.
    logger("profiles").error({ err: error, deviceId }, "profile evaluation failed");
    return [];
  }
}

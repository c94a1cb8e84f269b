// The database half of an evaluation: load the device's profile rows and the tasks of their attempts,
// decide each due profile's step, and write rows, tasks and the device's stamp in one transaction.
import type { ParameterDocument } from "../devices/parameter-document";
import { db } from "../db";
import type { InformedDevice } from "../events/session-events";
import type { DeviceProfile, Prisma, TaskState } from "../generated/prisma/client";
import { asJson } from "../json";
import { insertTasks } from "../tasks/service";
import type { CatalogProfile } from "./catalog";
import { openProfileSecrets } from "./catalog";
import { desiredState, type ApplicableProfile } from "./desired";
import { PROFILE_CREATOR, profileCreator, stampOf } from "./identity";
import { planProfile, type KnownState } from "./plan";
import { decideStep, type StepRow } from "./step";

export type DeviceProfileRow = DeviceProfile;

const OPEN: TaskState[] = ["queued", "sent", "waiting"];
const ENDED_BADLY: TaskState[] = ["fault", "expired", "cancelled"];
/** A profile in the middle of an attempt is looked at again after this, even if no answer woke it. */
const IN_PROGRESS_RECHECK_MS = 3_600_000;
/** A value the ACS read longer ago than this is read again before a profile relies on it. */
const REVERIFY_MS = 86_400_000;

interface Input {
  device: InformedDevice;
  doc: ParameterDocument;
  applicable: readonly CatalogProfile[];
  candidates: readonly CatalogProfile[];
  triggered: ReadonlySet<number>;
  now: Date;
  typeOf: (path: string) => string | undefined;
}

interface ProfileTask {
  id: number;
  createdBy: string;
  state: TaskState;
  name: string;
  request: Prisma.JsonValue;
  result: Prisma.JsonValue;
  faultCode: number | null;
  faultString: string | null;
  lastError: string | null;
  createdAt: Date;
}

const hasSecrets = (p: CatalogProfile) => JSON.stringify(p.definition).includes("${secret:");

/** Takes one rollout slot of the profile's per-minute budget (shared by every node); false when spent. */
async function takeRolloutSlot(profileId: number): Promise<boolean> {
  const rows = await db().$queryRaw<{ id: number }[]>`
    UPDATE "Profile" SET
      "rolloutCount" = CASE WHEN "rolloutWindow" = date_trunc('minute', now()) THEN "rolloutCount" + 1 ELSE 1 END,
      "rolloutWindow" = date_trunc('minute', now())
    WHERE id = ${profileId}
      AND ("rolloutPerMinute" IS NULL OR "rolloutWindow" IS DISTINCT FROM date_trunc('minute', now())
           OR "rolloutCount" < "rolloutPerMinute")
    RETURNING id`;
  return rows.length > 0;
}

function attemptFault(tasks: readonly ProfileTask[]): string | null {
  const bad = tasks.find((t) => ENDED_BADLY.includes(t.state));
  if (!bad) return null;
  if (bad.state === "cancelled") return `${bad.name} cancelled by an operator`;
  if (bad.state === "expired")
    return `${bad.name} expired: ${bad.lastError ?? "the device did not answer in time"}`;
  const code = bad.faultCode ? `${bad.faultCode} ` : "";
  return `${bad.name} fault: ${code}${bad.faultString ?? bad.lastError ?? ""}${parameterFaults(bad.result)}`.trim();
}

/**
 * A SetParameterValues fault's per-parameter reasons (" (Device.X: 9007 Invalid parameter value)"): the
 * CPE answers 9003 "Invalid arguments" overall, and only these say which value it refused and why.
 */
function parameterFaults(result: Prisma.JsonValue): string {
  const list = (result as { setParameterValuesFault?: unknown } | null)?.setParameterValuesFault;
  if (!Array.isArray(list) || list.length === 0) return "";
  const text = (v: unknown) => (typeof v === "string" || typeof v === "number" ? String(v) : "");
  const shown = (list as { parameterName?: unknown; faultCode?: unknown; faultString?: unknown }[])
    .slice(0, 3)
    .map((f) => `${text(f.parameterName)}: ${text(f.faultCode)} ${text(f.faultString)}`.trim());
  const more = list.length > 3 ? ` and ${list.length - 3} more` : "";
  return ` (${shown.join("; ")}${more})`;
}

function createdInstances(tasks: readonly ProfileTask[]): Map<string, string[]> {
  const created = new Map<string, string[]>();
  for (const t of tasks) {
    if (t.name !== "AddObject" || t.state !== "done") continue;
    const result = t.result as { instanceNumber?: number } | null;
    const request = t.request as { objectName?: string } | null;
    if (!result?.instanceNumber || !request?.objectName) continue;
    const list = created.get(request.objectName) ?? [];
    list.push(String(result.instanceNumber));
    created.set(request.objectName, list);
  }
  return created;
}

const toStepRow = (r: DeviceProfile): StepRow => ({
  status: r.status,
  step: (r.step as StepRow["step"]) ?? null,
  failures: r.failures,
  drifts: r.drifts,
  stepPaths: r.stepPaths,
  secretHashes: (r.secretHashes ?? {}) as Record<string, string>,
  pendingSecretHashes: (r.pendingSecretHashes ?? {}) as Record<string, string>,
});

export async function applyDecisions(input: Input): Promise<DeviceProfileRow[]> {
  const { device, doc, applicable, now } = input;
  const rows = await db().deviceProfile.findMany({ where: { deviceId: device.id } });
  const byProfile = new Map(rows.map((r) => [r.profileId, r]));
  const oldestAttempt = rows.reduce<Date>((min, r) => (r.attemptAt < min ? r.attemptAt : min), now);
  const tasks: ProfileTask[] = await db().task.findMany({
    where: {
      deviceId: device.id,
      createdBy: { startsWith: PROFILE_CREATOR },
      OR: [{ state: { in: OPEN } }, { createdAt: { gte: oldestAttempt } }],
    },
    select: {
      id: true,
      createdBy: true,
      state: true,
      name: true,
      request: true,
      result: true,
      faultCode: true,
      faultString: true,
      lastError: true,
      createdAt: true,
    },
    orderBy: { id: "asc" },
  });

  // Who is due: in progress with nothing outstanding, drifted, a failure's back-off over, a trigger, or a
  // new version (within the profile's rollout budget).
  const due: CatalogProfile[] = [];
  const deferred = new Map<number, number>(); // profile id -> version still applied (rate-limited)
  for (const p of applicable) {
    const row = byProfile.get(p.id);
    const mine = tasks.filter((t) => t.createdBy === profileCreator(p.id));
    if (mine.some((t) => OPEN.includes(t.state))) continue;
    const triggered = input.triggered.has(p.id);
    let isDue: boolean;
    if (!row) isDue = triggered;
    else if (row.version !== p.version) {
      isDue = p.rolloutPerMinute === null || (await takeRolloutSlot(p.id));
      if (!isDue) deferred.set(p.id, row.version);
    } else if (row.step !== null || row.status === "pending" || row.status === "drifted") isDue = true;
    else if (row.status === "failed") isDue = row.nextAttemptAt !== null && row.nextAttemptAt <= now;
    else isDue = triggered;
    if (isDue) due.push(p);
  }

  const withSecrets: ApplicableProfile[] = [];
  for (const p of applicable) {
    withSecrets.push({
      id: p.id,
      name: p.name,
      priority: p.priority,
      definition: p.definition,
      secrets: due.includes(p) && hasSecrets(p) ? await openProfileSecrets(p.id) : new Map(),
    });
  }
  const desires = new Map(
    desiredState(withSecrets, {
      rootObject: device.rootObject,
      serialNumber: device.serialNumber,
      oui: device.oui,
      productClass: device.productClass,
      subscriberId: device.subscriberId,
    }).map((d) => [d.profileId, d]),
  );

  const paths = Object.keys(doc);
  const writes: {
    profile: CatalogProfile;
    data: Prisma.DeviceProfileUncheckedCreateInput;
    requests: unknown[];
  }[] = [];
  for (const p of due) {
    const row = byProfile.get(p.id);
    const desire = desires.get(p.id)!;
    const newVersion = row !== undefined && row.version !== p.version;
    const inAttempt = row !== undefined && row.step !== null && !newVersion;
    const attemptTasks = inAttempt
      ? tasks.filter((t) => t.createdBy === profileCreator(p.id) && t.createdAt >= row.attemptAt)
      : [];
    const stored = row ? toStepRow(row) : null;
    if (stored && newVersion)
      Object.assign(stored, { step: null, stepPaths: [], failures: 0, pendingSecretHashes: {} });
    const known: KnownState = {
      entry: (path) => doc[path],
      paths: () => paths,
      // Values read before the last boot may have been reverted; a day-old value is checked again.
      staleBefore: Math.max(device.lastBoot?.getTime() ?? 0, now.getTime() - REVERIFY_MS),
      alreadyRead: new Set(inAttempt && (row.step === "read" || row.step === "verify") ? row.stepPaths : []),
      secretHashes: stored?.secretHashes ?? {},
      created: createdInstances(attemptTasks),
      typeOf: input.typeOf,
    };
    const plan = planProfile(desire, known);
    const decision = decideStep(stored, plan, inAttempt ? attemptFault(attemptTasks) : null, p, now);
    const notes = desire.unresolved.length > 0 ? `not applied here: ${desire.unresolved.join("; ")}` : null;
    const { newAttempt, convergedAt, ...state } = decision.row;
    writes.push({
      profile: p,
      requests: decision.requests,
      data: {
        deviceId: device.id,
        profileId: p.id,
        version: p.version,
        status: state.status,
        step: state.step,
        failures: state.failures,
        drifts: state.drifts,
        stepPaths: state.stepPaths,
        secretHashes: asJson(state.secretHashes),
        pendingSecretHashes: asJson(state.pendingSecretHashes),
        nextAttemptAt: state.nextAttemptAt,
        lastError: (state.lastError ?? notes)?.slice(0, 500) ?? null,
        ownedPaths: plan.owned.slice(0, 2000),
        evaluatedAt: now,
        attemptAt: newAttempt || !row ? now : row.attemptAt,
        ...(convergedAt ? { convergedAt } : {}),
      },
    });
  }

  const applicableIds = new Set(applicable.map((p) => p.id));
  const periodic = new Set(
    applicable.filter((p) => p.definition.triggers.includes("periodic")).map((p) => p.id),
  );
  const stamp = stampOf(
    input.candidates.map((p) => ({ id: p.id, version: deferred.get(p.id) ?? p.version })),
  );
  return db().$transaction(async (tx) => {
    await tx.deviceProfile.deleteMany({
      where: { deviceId: device.id, profileId: { notIn: [...applicableIds] } },
    });
    for (const w of writes) {
      const { deviceId, profileId, ...update } = w.data;
      await tx.deviceProfile.upsert({
        where: { deviceId_profileId: { deviceId, profileId } },
        create: w.data,
        update,
      });
      if (w.requests.length > 0)
        await insertTasks(tx, device.id, w.requests, { createdBy: profileCreator(w.profile.id) });
    }
    const after = await tx.deviceProfile.findMany({ where: { deviceId: device.id } });
    await tx.device.update({
      where: { id: device.id },
      data: { profilesStamp: stamp, profilesDueAt: dueAt(after, periodic, now) },
    });
    return after;
  });
}

/**
 * The earliest time a row wants another look without an event trigger; null when all are settled. A
 * converged profile with the periodic trigger is re-checked once its values are a day old (REVERIFY_MS),
 * not on every periodic Inform: that keeps the periodic hot path free of reads and writes.
 */
function dueAt(rows: readonly DeviceProfile[], periodic: ReadonlySet<number>, now: Date): Date | null {
  let min: number | null = null;
  for (const r of rows) {
    const at =
      r.status === "failed"
        ? (r.nextAttemptAt?.getTime() ?? null)
        : r.step !== null || r.status === "pending" || r.status === "drifted"
          ? now.getTime() + IN_PROGRESS_RECHECK_MS
          : periodic.has(r.profileId)
            ? r.evaluatedAt.getTime() + REVERIFY_MS
            : null;
    if (at !== null && (min === null || at < min)) min = at;
  }
  return min === null ? null : new Date(min);
}

// The waves console's reads: the list with counts, one wave with its stages and window, its devices
// page by page, failures by reason and by model, completions over time, the images a wave may take.
import { db } from "../../db";
import type { Wave } from "../../generated/prisma/client";
import { AppError } from "../../core/app-error";
import { isOffered } from "../../../lib/firmware/applicability";
import { isDeploymentUnit, isFirmwareType } from "../../../lib/firmware/file-types";
import { WAVE_DEVICE_STATES, wavePlanSchema, type WaveDeviceState } from "../../../lib/firmware/wave-schema";
import type { WaveCounts } from "../../../lib/firmware/wave-api";
import type { DeviceFilter } from "../../../lib/devices/search-query";
import { windowState } from "./window";

const emptyCounts = (): WaveCounts => Object.fromEntries(WAVE_DEVICE_STATES.map((s) => [s, 0])) as WaveCounts;

async function countsBy(waveIds: number[]): Promise<Map<string, WaveCounts>> {
  const rows = await db().waveDevice.groupBy({
    by: ["waveId", "stage", "state"],
    where: { waveId: { in: waveIds } },
    _count: true,
  });
  const out = new Map<string, WaveCounts>();
  for (const r of rows) {
    for (const key of [`${r.waveId}`, `${r.waveId}:${r.stage}`]) {
      const c = out.get(key) ?? emptyCounts();
      c[r.state as WaveDeviceState] = (c[r.state as WaveDeviceState] ?? 0) + r._count;
      out.set(key, c);
    }
  }
  return out;
}

const imageSelect = { select: { id: true, fileName: true, version: true } } as const;

/** Newest first; `page` (the REST API's cursor) reads `take` waves below `beforeId`. */
export async function listWaves(
  state?: "draft" | "running" | "paused" | "done" | "aborted",
  page: { beforeId?: number; take?: number } = {},
) {
  const waves = await db().wave.findMany({
    where: {
      ...(state ? { state } : {}),
      ...(page.beforeId === undefined ? {} : { id: { lt: page.beforeId } }),
    },
    orderBy: { id: "desc" },
    take: page.take ?? 200,
    include: { image: imageSelect, _count: { select: { stages: true } } },
  });
  const counts = await countsBy(waves.map((w) => w.id));
  return waves.map((w) => summary(w, counts.get(`${w.id}`) ?? emptyCounts(), w._count.stages));
}

type WaveRow = Wave & { image: { id: number; fileName: string; version: string } };

function summary(w: WaveRow, counts: WaveCounts, stageCount: number) {
  return {
    id: w.id,
    name: w.name,
    state: w.state,
    method: w.method === "install" ? ("install" as const) : ("download" as const),
    delivery: w.delivery === "multicast" ? ("multicast" as const) : ("http" as const),
    image: w.image,
    total: w.total,
    counts,
    currentStage: w.currentStage,
    stageCount,
    pauseReason: w.pauseReason,
    createdBy: w.createdBy,
    createdAt: w.createdAt,
    startedAt: w.startedAt,
    finishedAt: w.finishedAt,
  };
}

async function findWave(id: number) {
  const wave = await db().wave.findUnique({
    where: { id },
    include: { image: imageSelect, rollbackImage: imageSelect, stages: { orderBy: { index: "asc" } } },
  });
  if (!wave) throw new AppError("not_found", `wave ${id} not found`);
  return wave;
}

export async function getWave(id: number) {
  const w = await findWave(id);
  const counts = await countsBy([id]);
  const plan = wavePlanSchema.parse(w.plan);
  const now = new Date();
  const window = plan.window ? windowState(plan.window, now) : null;
  const stage = w.stages[w.currentStage];
  let blockedBy: string | null = null;
  if (w.state === "running" && stage?.state === "pending" && w.stageStartAt && w.stageStartAt > now)
    blockedBy = `waiting ${plan.waitMinutes} min after the previous stage`;
  else if (w.state === "running" && window && !window.open) blockedBy = "outside the maintenance window";
  return {
    ...summary(w, counts.get(`${id}`) ?? emptyCounts(), w.stages.length),
    plan,
    filter: (w.selection as { filter: DeviceFilter }).filter,
    rollbackImage: w.rollbackImage,
    stages: w.stages.map((s) => ({
      index: s.index,
      name: s.name,
      size: s.size,
      state: s.state as "pending" | "running" | "done",
      startedAt: s.startedAt,
      completedAt: s.completedAt,
      counts: counts.get(`${id}:${s.index}`) ?? emptyCounts(),
    })),
    stageStartAt: w.stageStartAt,
    window: window ? { open: window.open, nextOpen: window.nextOpen } : null,
    blockedBy,
  };
}

export async function waveDevices(input: {
  id: number;
  state?: WaveDeviceState;
  stage?: number;
  after: number;
  limit: number;
}) {
  const rows = await db().waveDevice.findMany({
    where: { waveId: input.id, position: { gt: input.after }, state: input.state, stage: input.stage },
    orderBy: { position: "asc" },
    take: input.limit + 1,
    include: { device: { select: { serialNumber: true } } },
  });
  const page = rows.slice(0, input.limit);
  return {
    items: page.map((r) => ({
      deviceId: r.deviceId,
      serialNumber: r.device.serialNumber,
      modelName: r.modelName,
      stage: r.stage,
      state: r.state as WaveDeviceState,
      fromVersion: r.fromVersion,
      toVersion: r.toVersion,
      faultCode: r.faultCode,
      reason: r.reason,
      updatedAt: r.updatedAt,
    })),
    nextAfter: rows.length > input.limit ? (page[page.length - 1]?.position ?? null) : null,
  };
}

export async function waveFailures(id: number) {
  await findWave(id);
  const byReason = await db().$queryRaw<{ faultCode: number | null; reason: string; count: number }[]>`
    SELECT NULLIF("faultCode", 0) AS "faultCode", left(COALESCE("reason", 'failed'), 200) AS reason, count(*)::int AS count
      FROM "WaveDevice" WHERE "waveId" = ${id} AND "faultCode" IS NOT NULL
     GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 50`;
  const byModel = await db().$queryRaw<{ modelName: string; failed: number; total: number }[]>`
    SELECT "modelName", count(*) FILTER (WHERE "faultCode" IS NOT NULL)::int AS failed, count(*)::int AS total
      FROM "WaveDevice" WHERE "waveId" = ${id}
     GROUP BY 1 ORDER BY 2 DESC, 3 DESC LIMIT 50`;
  return { byReason, byModel };
}

/** Completions per bucket: minutes for a wave of a few hours, hours after that. */
export async function waveCompletions(id: number) {
  const w = await findWave(id);
  const span = (w.finishedAt ?? new Date()).getTime() - (w.startedAt ?? w.createdAt).getTime();
  const unit = span > 6 * 3_600_000 ? "hour" : "minute";
  const rows = await db().$queryRaw<{ t: Date; verified: number; failed: number; rolledBack: number }[]>`
    SELECT date_trunc(${unit}, "finishedAt") AS t,
           count(*) FILTER (WHERE "state" = 'verified')::int AS verified,
           count(*) FILTER (WHERE "state" IN ('failed', 'rolling_back'))::int AS failed,
           count(*) FILTER (WHERE "state" = 'rolled_back')::int AS "rolledBack"
      FROM "WaveDevice" WHERE "waveId" = ${id} AND "finishedAt" IS NOT NULL
     GROUP BY 1 ORDER BY 1 LIMIT 2000`;
  return rows;
}

/** Published, released firmware and deployment-unit images, newest first (the wave form's picker). */
export async function waveImages() {
  const images = await db().firmwareImage.findMany({
    where: { state: "published" },
    orderBy: { id: "desc" },
    take: 500,
  });
  return images
    .filter((i) => isOffered(i).ok && (isFirmwareType(i.fileType) || isDeploymentUnit(i.fileType)))
    .map((i) => ({
      id: i.id,
      fileName: i.fileName,
      version: i.version,
      fileType: i.fileType,
      productClasses: i.productClasses,
      method: isDeploymentUnit(i.fileType) ? ("install" as const) : ("download" as const),
    }));
}

// A wave's devices: the search matched, less those the image does not apply to (or already being
// upgraded by another wave). Preview counts them; start freezes them into WaveDevice rows in a stable
// shuffled order and splits them into stages, so devices added later are never swept in silently.
import { Prisma as P, type FirmwareImage, type Prisma } from "../../generated/prisma/client";
import { appliesTo } from "../../../lib/firmware/applicability";
import type { DeviceFilter } from "../../../lib/devices/search-query";
import { stageSizes, type WavePlan } from "../../../lib/firmware/wave-schema";
import { whereClause } from "../../devices/search-sql";
import { AppError } from "../../core/app-error";

type Tx = Prisma.TransactionClient;

/** A wave reaches at most this many devices (each is a row and, in time, a task). */
export const MAX_WAVE_DEVICES = 1_000_000;
const BATCH = 5_000;

interface Candidate {
  id: number;
  oui: string;
  productClass: string;
  hardwareVersion: string;
  softwareVersion: string;
  modelName: string;
  busyWave: number | null;
}

export interface TargetScan {
  matched: number;
  eligible: number;
  excluded: Map<string, number>;
}

/** Walks the search in id batches; `onEligible` gets each batch's eligible devices. */
export async function scanTarget(
  tx: Tx,
  image: FirmwareImage,
  filter: DeviceFilter,
  waveId: number | null,
  onEligible?: (devices: Candidate[]) => Promise<void>,
): Promise<TargetScan> {
  const scan: TargetScan = { matched: 0, eligible: 0, excluded: new Map() };
  const now = new Date();
  let afterId = 0;
  for (;;) {
    // A device in another unfinished wave's flight (or waiting in one) is left to that wave.
    const rows = await tx.$queryRaw<Candidate[]>`
      SELECT d."id", d."oui", d."productClass", d."hardwareVersion", d."softwareVersion", d."modelName",
             (SELECT wd."waveId" FROM "WaveDevice" wd JOIN "Wave" w ON w."id" = wd."waveId"
               WHERE wd."deviceId" = d."id" AND w."state" IN ('running', 'paused')
                 AND wd."state" IN ('pending', 'downloading', 'rebooting', 'rolling_back')
                 AND w."id" IS DISTINCT FROM ${waveId} LIMIT 1) AS "busyWave"
        FROM "Device" d
        ${whereClause(filter, now, [P.sql`d."id" > ${afterId}`])}
       ORDER BY d."id" LIMIT ${BATCH}`;
    if (rows.length === 0) break;
    afterId = rows[rows.length - 1]!.id;
    scan.matched += rows.length;
    const eligible: Candidate[] = [];
    for (const row of rows) {
      const verdict = appliesTo(image, row);
      const reason = !verdict.ok ? verdict.reason : row.busyWave ? `in wave ${row.busyWave}` : null;
      if (reason) scan.excluded.set(reason, (scan.excluded.get(reason) ?? 0) + 1);
      else eligible.push(row);
    }
    scan.eligible += eligible.length;
    if (scan.eligible > MAX_WAVE_DEVICES)
      throw new AppError(
        "invalid_input",
        `a wave reaches at most ${MAX_WAVE_DEVICES} devices: narrow the search`,
      );
    if (onEligible && eligible.length > 0) await onEligible(eligible);
    if (rows.length < BATCH) break;
  }
  return scan;
}

/** Reasons for the excluded devices, largest first (at most 20). */
export function excludedList(scan: TargetScan): { reason: string; count: number }[] {
  return [...scan.excluded.entries()]
    .map(([reason, count]) => ({ reason, count }))
    .sort((a, b) => b.count - a.count)
    .slice(0, 20);
}

/**
 * Freezes the target into WaveDevice rows and WaveStage rows. Positions are a shuffle stable for the
 * wave (md5 of wave and device ids), so the canary is not always the oldest devices.
 */
export async function freezeTarget(
  tx: Tx,
  wave: { id: number; selection: unknown; plan: WavePlan },
  image: FirmwareImage,
  filter: DeviceFilter,
): Promise<number> {
  const scan = await scanTarget(tx, image, filter, wave.id, async (devices) => {
    await tx.waveDevice.createMany({
      data: devices.map((d) => ({
        waveId: wave.id,
        deviceId: d.id,
        stage: 0,
        position: 0,
        fromVersion: d.softwareVersion,
        modelName: d.modelName || d.productClass,
      })),
      skipDuplicates: true,
    });
  });
  const total = scan.eligible;
  if (total === 0) throw new AppError("invalid_input", "no device of this search can take this image");
  const sizes = stageSizes(wave.plan, total);
  await tx.$executeRaw`
    UPDATE "WaveDevice" wd SET "position" = o.rn
      FROM (SELECT "id", (row_number() OVER (ORDER BY md5(${wave.id}::text || '-' || "deviceId"::text)) - 1)::int AS rn
              FROM "WaveDevice" WHERE "waveId" = ${wave.id}) o
     WHERE wd."id" = o."id"`;
  // Stage boundaries: cumulative sizes.
  let upper = 0;
  const cases: P.Sql[] = [];
  sizes.forEach((size, index) => {
    upper += size;
    cases.push(P.sql`WHEN "position" < ${upper}::int THEN ${index}::int`);
  });
  await tx.$executeRaw`UPDATE "WaveDevice" SET "stage" = CASE ${P.join(cases, " ")} ELSE ${sizes.length - 1}::int END
    WHERE "waveId" = ${wave.id}`;
  await tx.waveStage.createMany({
    data: sizes.map((size, index) => ({
      waveId: wave.id,
      index,
      size,
      name: index === 0 ? "Canary" : `Stage ${index}`,
    })),
  });
  return total;
}

// A multicast wave's FLUTE session, managed from the wave's step (in its transaction, under the wave's
// row lock): ensured while the wave has devices to send to, ended when it has none, pauses, aborts or
// finishes. One row per wave, reused on restart (resume, next stage, next window) so its counters add
// up; the sender itself runs on one node (runner.ts) under a lease on the row.
import type { FirmwareImage, FluteSession, Prisma, Wave } from "../../generated/prisma/client";
import type { WavePlan } from "../../../lib/firmware/wave-schema";
import { settings } from "../../env";
import { windowState } from "../waves/window";
import { pickGroup, pickTsi } from "./allocate";

type Tx = Prisma.TransactionClient;

export const LIVE_STATES = ["pending", "sending"] as const;
/** A failed session (bad settings, socket error) is tried again after this; meanwhile devices get HTTP. */
const FAILED_RETRY_MS = 5 * 60_000;

/** Where the carousel stops: the window's close, else a bound the wave's steps push forward while needed. */
function endsAtFor(plan: WavePlan, now: Date): Date {
  const closes = plan.window ? windowState(plan.window, now).closesAt : null;
  return closes ?? new Date(now.getTime() + plan.verifyMinutes * 60_000);
}

async function liveAllocations(tx: Tx, exceptId: number | null) {
  const live = await tx.fluteSession.findMany({
    where: { state: { in: [...LIVE_STATES] }, ...(exceptId === null ? {} : { id: { not: exceptId } }) },
    select: { tsi: true, groupAddress: true },
  });
  return {
    groups: new Set(live.map((s) => s.groupAddress)),
    tsis: new Set(live.map((s) => Number(s.tsi))),
  };
}

/**
 * The wave's live session (created or restarted as needed), or null when none can run now: every
 * allowed group is taken, or the last attempt failed less than FAILED_RETRY_MS ago (its devices then
 * get HTTP). The sender starts on whichever node's runner claims the row.
 */
export async function ensureWaveSession(
  tx: Tx,
  wave: Wave,
  image: FirmwareImage,
  plan: WavePlan,
  now: Date,
): Promise<FluteSession | null> {
  const s = settings();
  const endsAt = endsAtFor(plan, now);
  const latest = await tx.fluteSession.findFirst({ where: { waveId: wave.id }, orderBy: { id: "desc" } });
  if (latest && (LIVE_STATES as readonly string[]).includes(latest.state)) {
    // Without a window the bound moves with the wave; the runner restarts a carousel that reached it.
    if (!plan.window && latest.endsAt && latest.endsAt < endsAt)
      return tx.fluteSession.update({ where: { id: latest.id }, data: { endsAt } });
    return latest;
  }
  if (
    latest?.state === "failed" &&
    latest.endedAt &&
    now.getTime() - latest.endedAt.getTime() < FAILED_RETRY_MS
  )
    return null;
  const used = await liveAllocations(tx, latest?.id ?? null);
  const keepGroup = latest && !used.groups.has(latest.groupAddress) && latest.imageId === image.id;
  const groupAddress = keepGroup ? latest.groupAddress : pickGroup(s.FLUTE_GROUPS, used.groups);
  if (!groupAddress) return null;
  const tsi = keepGroup && !used.tsis.has(Number(latest.tsi)) ? latest.tsi : BigInt(pickTsi(used.tsis));
  const rateMbps = Math.min(s.FLUTE_RATE_MBPS, s.FLUTE_MAX_RATE_MBPS);
  const data = {
    imageId: image.id,
    tsi,
    groupAddress,
    sourceAddress: s.FLUTE_SOURCE_ADDRESS ?? "",
    interfaceAddress: s.FLUTE_INTERFACE_ADDRESS ?? null,
    port: s.FLUTE_PORT,
    ttl: s.FLUTE_TTL,
    version: s.FLUTE_VERSION,
    rateKbps: Math.round(rateMbps * 1000),
    symbolSize: s.FLUTE_SYMBOL_SIZE,
    maxBlockLength: s.FLUTE_BLOCK_LENGTH,
    state: "pending",
    ownerNode: null,
    leaseUntil: null,
    endsAt,
    endedAt: null,
    lastError: null,
  };
  if (latest) return tx.fluteSession.update({ where: { id: latest.id }, data });
  return tx.fluteSession.create({ data: { ...data, waveId: wave.id } });
}

/** Ends the wave's live session: "done" (finished, nothing left to send) or "stopped" (pause, abort). */
export async function endWaveSession(
  tx: Tx,
  waveId: number,
  state: "done" | "stopped",
  now: Date,
): Promise<void> {
  await tx.fluteSession.updateMany({
    where: { waveId, state: { in: [...LIVE_STATES] } },
    data: { state, endedAt: now, leaseUntil: null },
  });
}

/** Whether a device of the wave is still on its multicast transfer (the carousel must keep going). */
export async function multicastInFlight(tx: Tx, waveId: number): Promise<boolean> {
  const row = await tx.waveDevice.findFirst({
    where: { waveId, state: "downloading", delivery: "multicast" },
    select: { id: true },
  });
  return row !== null;
}

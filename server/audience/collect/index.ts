// Audience collection: monitoring's readings of one device (a BulkData report, a polled answer) ->
// pseudonymous viewing sessions. An opted-out household's readings are dropped whole. A box that
// reports AudienceStats is measured by them alone; one that never did, by the channel of its
// monitoring intervals. Channels not in the line-up are never stored (only counted in the log).
// Runs inside monitoring's per-device ingest (one device at a time); a failure here is logged by the
// event and never touches monitoring's rows or another device.
import type { StreamInterval } from "../../../lib/monitoring/intervals";
import { processSlot } from "../../core/process-slot";
import type { Prisma } from "../../generated/prisma/client";
import { db } from "../../db";
import { asJson } from "../../json";
import { logger } from "../../logger";
import { resolveChannel } from "../../monitoring/collect/channels";
import { onReadingsIngested, type ReadingsIngestedEvent } from "../../monitoring/collect/readings-events";
import { deviceHousehold } from "../household";
import {
  audienceDelta,
  observeAudience,
  readCursor,
  type AudienceCursor,
  type AudienceObservation,
} from "./audience-stats";
import { SESSION_SOURCES, writeSessions, type ViewingSession } from "./write-sessions";

/** MetricCursor streams of audience cursors start with this (monitoring's are "stream:" / "line:"). */
export const AUDIENCE_CURSOR_PREFIX = "audience:";

const log = () => logger("audience");

/** The per-channel rows of AudienceStats (what a box watched) in a device's parameter document. */
const CHANNEL_ROWS_SQL = String.raw`(^|\.)AudienceStats\.Channel\.`;

/**
 * Forgets what is held of the devices' viewing outside the audience store: their AudienceStats cursors
 * (their next reading is a baseline again) and the AudienceStats channel rows a poll merged into their
 * parameter documents. For an opted-out household, whose data must not be kept anywhere.
 */
export async function forgetDeviceAudience(deviceIds: readonly number[]): Promise<void> {
  if (deviceIds.length === 0) return;
  await db().metricCursor.deleteMany({
    where: { deviceId: { in: [...deviceIds] }, stream: { startsWith: AUDIENCE_CURSOR_PREFIX } },
  });
  await db().$executeRawUnsafe(
    `UPDATE "Device" d
        SET parameters = d.parameters - ARRAY(SELECT k FROM jsonb_object_keys(d.parameters) k WHERE k ~* $2)
      WHERE d.id = ANY($1::int4[])
        AND EXISTS (SELECT 1 FROM jsonb_object_keys(d.parameters) k WHERE k ~* $2)`,
    [...deviceIds],
    CHANNEL_ROWS_SQL,
  );
}

export interface CollectOutcome {
  written: number;
  optedOut: boolean;
  unknownChannels: number;
}

export async function collectAudience(event: ReadingsIngestedEvent): Promise<CollectOutcome> {
  const outcome: CollectOutcome = { written: 0, optedOut: false, unknownChannels: 0 };
  const who = await deviceHousehold(event.deviceId);
  if (!who) return outcome;
  const optOut = await db().audienceOptOut.findUnique({ where: { household: who.household } });
  if (optOut) {
    await forgetDeviceAudience([event.deviceId]);
    return { ...outcome, optedOut: true };
  }
  const observations = event.readings.flatMap((r) => observeAudience(r.values, r.at));
  const cursors = await db().metricCursor.findMany({
    where: { deviceId: event.deviceId, stream: { startsWith: AUDIENCE_CURSOR_PREFIX } },
  });
  let sessions: ViewingSession[] = [];
  let moved = new Map<string, AudienceCursor>();
  if (observations.length > 0) {
    const made = await fromAudienceStats(observations, cursors);
    sessions = made.sessions;
    moved = made.moved;
    outcome.unknownChannels = made.unknown;
  } else if (cursors.length === 0) {
    // Never delivered AudienceStats: the channel of each monitoring interval is what was watched.
    sessions = fromStreams(event.streams);
  }
  if (outcome.unknownChannels > 0)
    // No device id: which box watched what is exactly what this log must not tell.
    log().info({ unknownChannels: outcome.unknownChannels }, "audience: channels not in the line-up skipped");
  if (sessions.length === 0 && moved.size === 0) return outcome;
  const written = await writeSessions(who, sessions, {
    alongside: moved.size > 0 ? (tx) => saveCursors(tx, event, moved) : undefined,
  });
  if (written.optedOut) await forgetDeviceAudience([event.deviceId]);
  return { ...outcome, written: written.written, optedOut: written.optedOut };
}

async function fromAudienceStats(
  observations: readonly AudienceObservation[],
  rows: readonly { stream: string; snapshot: unknown }[],
): Promise<{ sessions: ViewingSession[]; moved: Map<string, AudienceCursor>; unknown: number }> {
  const cursors = new Map<string, AudienceCursor | null>(rows.map((r) => [r.stream, readCursor(r.snapshot)]));
  const moved = new Map<string, AudienceCursor>();
  const sessions: ViewingSession[] = [];
  let unknown = 0;
  for (const obs of observations) {
    const key = `${AUDIENCE_CURSOR_PREFIX}${obs.service}`;
    const delta = audienceDelta(cursors.get(key) ?? null, obs);
    if (!delta.next) continue;
    cursors.set(key, delta.next);
    moved.set(key, delta.next);
    for (const w of delta.watched) {
      const channelId = await resolveChannel({ name: w.name, group: null, uri: null });
      if (channelId === null) {
        unknown++;
        continue;
      }
      sessions.push({
        channelId,
        start: delta.start,
        end: delta.end,
        secs: w.secs,
        source: SESSION_SOURCES.audienceStats,
      });
    }
  }
  return { sessions, moved, unknown };
}

async function saveCursors(
  tx: Prisma.TransactionClient,
  event: ReadingsIngestedEvent,
  moved: ReadonlyMap<string, AudienceCursor>,
): Promise<void> {
  const at = new Date();
  for (const [stream, cursor] of moved) {
    const snapshot = asJson(cursor);
    // The event's source, like monitoring's cursors: the poll reads "bulkdata" as "reports by itself".
    await tx.metricCursor.upsert({
      where: { deviceId_stream: { deviceId: event.deviceId, stream } },
      create: { deviceId: event.deviceId, stream, source: event.source, snapshot, at },
      update: { source: event.source, snapshot, at },
    });
  }
}

function fromStreams(streams: readonly StreamInterval[]): ViewingSession[] {
  const out: ViewingSession[] = [];
  for (const s of streams) {
    if (s.channelId === null || !(s.secs > 0)) continue;
    const start = s.ts.getTime();
    out.push({
      channelId: s.channelId,
      start,
      end: start + s.secs * 1000,
      secs: s.secs,
      source: SESSION_SOURCES.streamInterval,
    });
  }
  return out;
}

// Registered once per process however many callers start it (the process and a test, say): a second
// registration would write every stream-interval session twice.
const registration = processSlot<{ users: number; unregister: () => void }>("audienceCollection");

/** Registers audience collection on monitoring's readings; returns the unregister function. */
export function startAudienceCollection(): () => void {
  if (!registration.unregister)
    registration.unregister = onReadingsIngested("audience", async (event) => {
      await collectAudience(event);
    });
  registration.users = (registration.users ?? 0) + 1;
  let stopped = false;
  return () => {
    if (stopped) return;
    stopped = true;
    registration.users = (registration.users ?? 1) - 1;
    if (registration.users > 0) return;
    registration.unregister?.();
    delete registration.unregister;
  };
}

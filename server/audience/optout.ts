// Subscriber opt-out of audience measurement: recorded per household (subscriber id, else gateway
// serial, else the box's serial); recording it deletes what the audience store holds for the household
// (its sessions under every live period key: the pseudonym differs per period) and marks those days for
// recomputation; collection drops the household's data from then on. Withdrawing restores nothing.
// Each change is audited in the same transaction.
import { parseCsv } from "../../lib/monitoring/topology-csv";
import { householdKeySchema } from "../../lib/audience/report-api";
import type { Prisma } from "../generated/prisma/client";
import { audited, recordAudit } from "../audit/service";
import type { Actor } from "../core/actor";
import { AppError } from "../core/app-error";
import { db } from "../db";
import { forgetDeviceAudience } from "./collect";
import { localDaysTouched } from "./collect/local-days";
import { lockHousehold, markDaysDirty } from "./collect/write-sessions";
import { deviceHousehold, householdDeviceIds } from "./household";
import { householdPseudonym, livePeriods } from "./pseudonym";

export interface OptOutRow {
  household: string;
  optedOutAt: Date;
  by: string;
  note: string;
}

type Tx = Prisma.TransactionClient;
/** Households one import records at most (one transaction): bigger lists are split by the operator. */
export const MAX_IMPORT_ROWS = 10_000;
const IMPORT_CHUNK = 200;
const MAX_PROBLEMS = 200;
const MAX_NOTE = 500;

export async function listOptOuts(opts: {
  query?: string;
  limit: number;
  cursor?: string | null;
}): Promise<{ rows: OptOutRow[]; total: number; nextCursor: string | null }> {
  const limit = Math.max(1, Math.min(200, Math.floor(opts.limit)));
  const where: Prisma.AudienceOptOutWhereInput = opts.query
    ? { household: { contains: opts.query, mode: "insensitive" } }
    : {};
  const [rows, total] = await Promise.all([
    db().audienceOptOut.findMany({
      where: opts.cursor ? { AND: [where, { household: { gt: opts.cursor } }] } : where,
      orderBy: { household: "asc" },
      take: limit + 1,
    }),
    db().audienceOptOut.count({ where }),
  ]);
  const page = rows.slice(0, limit);
  return { rows: page, total, nextCursor: rows.length > limit ? page.at(-1)!.household : null };
}

/** The household's pseudonym in every period that still has sessions (read before the transaction). */
async function pseudonymsOf(
  household: string,
  periods: readonly string[],
): Promise<{ period: string; pseudonym: string }[]> {
  const out = [];
  for (const period of periods) out.push({ period, pseudonym: await householdPseudonym(period, household) });
  return out;
}

function householdKey(household: string): string {
  const key = householdKeySchema.safeParse(household);
  if (!key.success) throw new AppError("invalid_input", "a household is 1 to 256 characters");
  return key.data;
}

/**
 * Records the opt-out (idempotent, the first date kept) and deletes the household's stored sessions
 * under the household's lock (collection writes under the same one). Returns the sessions deleted.
 * Uses only `tx`: the embedded store has one connection, held by the transaction.
 */
async function optOutInTx(
  tx: Tx,
  household: string,
  pseudonyms: readonly { period: string; pseudonym: string }[],
  by: string,
  note: string,
): Promise<number> {
  await lockHousehold(tx, household);
  await tx.audienceOptOut.upsert({
    where: { household },
    create: { household, by, note },
    update: note ? { note } : {},
  });
  let deleted = 0;
  for (const { period, pseudonym } of pseudonyms) {
    const [gone] = await tx.$queryRawUnsafe<{ n: number; first: Date | null; last: Date | null }[]>(
      `WITH gone AS (DELETE FROM audience_session WHERE period = $1 AND household = $2 RETURNING start_at, end_at)
       SELECT count(*)::int AS n, min(start_at) AS first, max(end_at) AS last FROM gone`,
      period,
      pseudonym,
    );
    if (!gone || gone.n === 0 || !gone.first || !gone.last) continue;
    deleted += gone.n;
    // The published cells of those days still count the household: they are recomputed without it.
    await markDaysDirty(tx, localDaysTouched(gone.first.getTime(), gone.last.getTime()));
  }
  return deleted;
}

export async function optOutHousehold(
  actor: Actor,
  household: string,
  note: string,
): Promise<{ deleted: number }> {
  const key = householdKey(household);
  const text = note.slice(0, MAX_NOTE);
  const pseudonyms = await pseudonymsOf(key, await livePeriods());
  const deleted = await audited(
    (n: number) => ({
      operatorId: actor.id,
      action: "audience.optout",
      target: key,
      after: { note: text, sessionsDeleted: n },
    }),
    (tx) => optOutInTx(tx, key, pseudonyms, actor.username, text),
  );
  // A box's cursor holds its last counters (after a withdrawal it must start from a fresh baseline),
  // and a polled box's document its channel rows: neither is kept for an opted-out household.
  await forgetDeviceAudience(await householdDeviceIds(key));
  return { deleted };
}

export async function withdrawOptOut(actor: Actor, household: string): Promise<{ ok: true }> {
  const key = householdKey(household);
  await audited({ operatorId: actor.id, action: "audience.optin", target: key }, async (tx) => {
    await tx.audienceOptOut.deleteMany({ where: { household: key } });
  });
  return { ok: true };
}

/** CSV with a `household` column (and optional `note`): bad rows reported by line, good ones kept. */
export async function importOptOuts(
  actor: Actor,
  csv: string,
): Promise<{ imported: number; skipped: number; problems: { line: number; message: string }[] }> {
  const parsed = parseCsv(csv);
  const problems = [...parsed.problems];
  const [header, ...records] = parsed.records;
  const columns = (header?.cells ?? []).map((c) => c.trim().toLowerCase());
  const householdAt = columns.indexOf("household");
  const noteAt = columns.indexOf("note");
  if (!header || householdAt < 0) {
    return {
      imported: 0,
      skipped: records.length,
      problems: [{ line: header?.line ?? 1, message: "the header has no household column" }],
    };
  }
  const good = new Map<string, string>();
  let skipped = 0;
  for (const r of records) {
    const bad = (message: string) => {
      skipped++;
      if (problems.length < MAX_PROBLEMS) problems.push({ line: r.line, message });
    };
    if (good.size >= MAX_IMPORT_ROWS) {
      bad(`more than ${MAX_IMPORT_ROWS} households: split the file`);
      continue;
    }
    const key = householdKeySchema.safeParse(r.cells[householdAt] ?? "");
    if (!key.success) {
      bad("household is empty or longer than 256 characters");
      continue;
    }
    good.set(key.data, (noteAt >= 0 ? (r.cells[noteAt] ?? "") : "").trim().slice(0, MAX_NOTE));
  }
  const work: { household: string; note: string; pseudonyms: { period: string; pseudonym: string }[] }[] = [];
  const periods = await livePeriods();
  for (const [household, note] of good)
    work.push({ household, note, pseudonyms: await pseudonymsOf(household, periods) });
  // In chunks: one transaction holding every household's lock would block their boxes' reports (and
  // the lock table) for the whole file. The one audit row rides with the last chunk, or records how far
  // a failed import got before the error is passed on.
  let deleted = 0;
  let done = 0;
  const audit = (tx: Tx) =>
    recordAudit(tx, {
      operatorId: actor.id,
      action: "audience.optout",
      target: "import",
      after: { imported: done, skipped, sessionsDeleted: deleted, of: work.length },
    });
  try {
    for (let i = 0; i < work.length || i === 0; i += IMPORT_CHUNK) {
      const chunk = work.slice(i, i + IMPORT_CHUNK);
      await db().$transaction(
        async (tx) => {
          let n = 0;
          for (const w of chunk) n += await optOutInTx(tx, w.household, w.pseudonyms, "import", w.note);
          deleted += n;
          done += chunk.length;
          if (i + IMPORT_CHUNK >= work.length) await audit(tx);
        },
        { timeout: 60_000 },
      );
    }
  } catch (error) {
    if (done > 0) await db().$transaction((tx) => audit(tx));
    throw error;
  }
  for (const household of good.keys()) await forgetDeviceAudience(await householdDeviceIds(household));
  return { imported: good.size, skipped, problems };
}

/** The household a device belongs to and whether it opted out (device page). */
export async function deviceOptOut(
  deviceId: number,
): Promise<{ household: string; optedOut: boolean; optedOutAt: Date | null }> {
  const who = await deviceHousehold(deviceId);
  if (!who) throw new AppError("not_found", `device ${deviceId} not found`);
  return { household: who.household, ...(await householdOptOut(who.household)) };
}

/** Whether a household (subscriber id, gateway or box serial) opted out, and since when. */
export async function householdOptOut(
  household: string,
): Promise<{ optedOut: boolean; optedOutAt: Date | null }> {
  const row = await db().audienceOptOut.findUnique({ where: { household } });
  return { optedOut: row !== null, optedOutAt: row?.optedOutAt ?? null };
}

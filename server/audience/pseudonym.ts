// Keyed pseudonyms for the audience store: a household or box is stored only as HMAC(period key, id).
// Each period (ISO week or calendar month, UTC, per AUDIENCE_PSEUDONYM_PERIOD) has its own random key,
// so the same household has unrelated pseudonyms in two periods: nobody (not even the database owner)
// can follow one household across periods. Keys are sealed with the secrets file (a database dump holds
// no usable key) and destroyed once their period's individual sessions are gone (then nothing links
// the aggregates back to a household, even with the device table at hand).
import { createHmac, randomBytes } from "node:crypto";
import { processSlot } from "../core/process-slot";
import { db } from "../db";
import { settings } from "../env";
import { openSecret, sealSecret } from "../secrets-file";

const DAY_MS = 86_400_000;
const KEY_BYTES = 32;
/** 22 base64url characters = 132 bits: collisions among millions of households are out of reach. */
const PSEUDONYM_LENGTH = 22;
const WEEK = /^(\d{4})-W(\d{2})$/;
const MONTH = /^(\d{4})-(\d{2})$/;

export type PeriodKind = "week" | "month";

/** Monday 00:00 UTC of ISO week 1 of `year` (the week holding 4 January). */
function isoWeekOneMonday(year: number): number {
  const jan4 = Date.UTC(year, 0, 4);
  const weekday = (new Date(jan4).getUTCDay() + 6) % 7; // Monday = 0
  return jan4 - weekday * DAY_MS;
}

/** The pseudonym period holding `at`: "2026-W49" (ISO week, UTC) or "2026-12" (UTC month). */
export function periodOf(at: Date, kind: PeriodKind = settings().AUDIENCE_PSEUDONYM_PERIOD): string {
  if (kind === "month") {
    return `${at.getUTCFullYear()}-${String(at.getUTCMonth() + 1).padStart(2, "0")}`;
  }
  const day = Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate());
  // The ISO year is the year of the week's Thursday.
  const thursday = day + (3 - ((new Date(day).getUTCDay() + 6) % 7)) * DAY_MS;
  const year = new Date(thursday).getUTCFullYear();
  const week = 1 + Math.floor((thursday - isoWeekOneMonday(year)) / (7 * DAY_MS));
  return `${year}-W${String(week).padStart(2, "0")}`;
}

/** [start, end) of a period name; null for a name that is neither form. */
export function periodBounds(period: string): { start: Date; end: Date } | null {
  const week = WEEK.exec(period);
  if (week) {
    const w = Number(week[2]);
    if (w < 1 || w > 53) return null;
    const start = isoWeekOneMonday(Number(week[1])) + (w - 1) * 7 * DAY_MS;
    return { start: new Date(start), end: new Date(start + 7 * DAY_MS) };
  }
  const month = MONTH.exec(period);
  if (month) {
    const m = Number(month[2]);
    if (m < 1 || m > 12) return null;
    const y = Number(month[1]);
    return { start: new Date(Date.UTC(y, m - 1, 1)), end: new Date(Date.UTC(y, m, 1)) };
  }
  return null;
}

// Opened keys, per process (a key never changes once made; a dropped one is forgotten here too).
const cache = processSlot<{ keys: Map<string, Buffer> }>("audiencePeriodKeys");
const keys = () => (cache.keys ??= new Map<string, Buffer>());

/**
 * The key of `period`, made on first use. Two processes making it at once both insert; the database
 * keeps the first (ON CONFLICT DO NOTHING) and both then use the stored one.
 */
export async function periodKey(period: string): Promise<Buffer> {
  const known = keys().get(period);
  if (known) return known;
  if (!periodBounds(period)) throw new Error(`audience: not a pseudonym period: ${period}`);
  const sealedKey = sealSecret(randomBytes(KEY_BYTES).toString("base64url"));
  await db().audiencePeriodKey.createMany({ data: [{ period, sealedKey }], skipDuplicates: true });
  const row = await db().audiencePeriodKey.findUniqueOrThrow({ where: { period } });
  const key = Buffer.from(openSecret(row.sealedKey), "base64url");
  if (key.length !== KEY_BYTES) throw new Error(`audience: the key of ${period} is malformed`);
  keys().set(period, key);
  return key;
}

function pseudonym(key: Buffer, text: string): string {
  return createHmac("sha256", key).update(text, "utf8").digest("base64url").slice(0, PSEUDONYM_LENGTH);
}

/** The household's pseudonym in `period` (household key: subscriber id, else gateway serial, else serial). */
export async function householdPseudonym(period: string, householdKey: string): Promise<string> {
  return pseudonym(await periodKey(period), `household:${householdKey}`);
}

/** A box's pseudonym in `period`. */
export async function boxPseudonym(period: string, deviceId: number): Promise<string> {
  return pseudonym(await periodKey(period), `box:${deviceId}`);
}

/** Periods that still have a key (their sessions may still be stored), oldest first. */
export async function livePeriods(): Promise<string[]> {
  const rows = await db().audiencePeriodKey.findMany({
    select: { period: true },
    orderBy: { period: "asc" },
  });
  return rows.map((r) => r.period);
}

/**
 * Destroys the keys of periods whose sessions are all gone: the period ended more than
 * AUDIENCE_SESSION_DAYS ago, plus one day because retention drops sessions by whole daily partitions.
 * Returns the periods dropped. Called by the audience retention loop.
 */
export async function dropExpiredPeriodKeys(now: Date = new Date()): Promise<string[]> {
  const cutoff = now.getTime() - (settings().AUDIENCE_SESSION_DAYS + 1) * DAY_MS;
  const expired = (await livePeriods()).filter((p) => {
    const bounds = periodBounds(p);
    // A name this code cannot read was not made by it: leave it for an operator to look at.
    return bounds !== null && bounds.end.getTime() <= cutoff;
  });
  if (expired.length === 0) return [];
  await db().audiencePeriodKey.deleteMany({ where: { period: { in: expired } } });
  for (const p of expired) keys().delete(p);
  return expired;
}

/** Forget the opened keys (tests; after another process dropped keys). */
export function forgetPeriodKeys(): void {
  keys().clear();
}

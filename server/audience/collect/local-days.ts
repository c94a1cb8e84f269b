// Audience days are local days (AUDIENCE_TIME_ZONE): which ones a stretch of time touches, so the
// published cells of exactly those days are recomputed. Pure apart from reading the setting.
import { settings } from "../../env";

const HOUR_MS = 3_600_000;
/** A stretch longer than this is not walked whole (sessions are at most days long; retention is weeks). */
const MAX_HOURS = 24 * 120;
const formats = new Map<string, Intl.DateTimeFormat>();

function format(timeZone: string): Intl.DateTimeFormat {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
    formats.set(timeZone, f);
  }
  return f;
}

/** "2026-12-02": the local date of `at` in the time zone. */
export function localDay(at: number, timeZone: string = settings().AUDIENCE_TIME_ZONE): string {
  const parts = format(timeZone).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")}`;
}

/** The local days [start, end) touches (a local day is at least 23 hours: hourly steps miss none). */
export function localDaysTouched(
  start: number,
  end: number,
  timeZone: string = settings().AUDIENCE_TIME_ZONE,
): string[] {
  const days = new Set<string>();
  const last = Math.max(start, end - 1);
  for (let t = start, i = 0; t < last && i < MAX_HOURS; t += HOUR_MS, i++) days.add(localDay(t, timeZone));
  days.add(localDay(last, timeZone));
  return [...days].sort();
}

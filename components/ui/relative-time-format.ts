/**
 * Relative time on Intl.RelativeTimeFormat ("5 minutes ago", "in 2 hours"), picking the largest unit
 * that keeps the number at least 1. Pure (the clock is a parameter) so tests and SSR agree.
 */
const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 24 * 3600],
  ["month", 30 * 24 * 3600],
  ["week", 7 * 24 * 3600],
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60],
  ["second", 1],
];

const formatters = new Map<string, Intl.RelativeTimeFormat>();

function formatter(locale: string): Intl.RelativeTimeFormat {
  let f = formatters.get(locale);
  if (!f) {
    f = new Intl.RelativeTimeFormat(locale, { numeric: "auto", style: "long" });
    formatters.set(locale, f);
  }
  return f;
}

export function formatRelativeTime(then: Date, now: number, locale = "en"): string {
  const seconds = Math.round((then.getTime() - now) / 1000);
  // Below 5 s the number is noise (clock skew, polling): say "now".
  if (Math.abs(seconds) < 5) return formatter(locale).format(0, "second");
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size || unit === "second") {
      return formatter(locale).format(Math.trunc(seconds / size), unit);
    }
  }
  return formatter(locale).format(seconds, "second");
}

/** The absolute time shown on hover, with its time zone so nobody has to guess which one. */
export function formatAbsoluteTime(value: Date, timeZone?: string, locale = "en-GB"): string {
  return new Intl.DateTimeFormat(locale, {
    // dateStyle/timeStyle cannot be combined with timeZoneName: spell the fields out.
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
    timeZone,
    timeZoneName: "short",
  }).format(value);
}

/**
 * The one place charts format numbers and times, so every axis, tooltip and legend reads the same.
 * Pure; unit-tested.
 */
export type Unit = "count" | "percent" | "bytes" | "bps" | "ms" | "s" | "dB" | "none";

const compact = new Intl.NumberFormat("en", { notation: "compact", maximumFractionDigits: 1 });
const plain = new Intl.NumberFormat("en", { maximumFractionDigits: 2 });

function scaled(value: number, base: number, units: string[]): string {
  let i = 0;
  let v = Math.abs(value);
  while (v >= base && i < units.length - 1) {
    v /= base;
    i += 1;
  }
  const sign = value < 0 ? "-" : "";
  return `${sign}${plain.format(v >= 100 ? Math.round(v) : Math.round(v * 10) / 10)} ${units[i]}`;
}

export function formatValue(value: number | null | undefined, unit: Unit = "none"): string {
  if (value == null || Number.isNaN(value)) return "—";
  switch (unit) {
    case "count":
      return Math.abs(value) >= 10_000 ? compact.format(value) : plain.format(value);
    case "percent":
      return `${plain.format(Math.round(value * 10) / 10)} %`;
    case "bytes":
      return scaled(value, 1024, ["B", "KiB", "MiB", "GiB", "TiB"]);
    case "bps":
      return scaled(value, 1000, ["bit/s", "kbit/s", "Mbit/s", "Gbit/s"]);
    case "ms":
      return value >= 1000 ? `${plain.format(Math.round(value / 100) / 10)} s` : `${plain.format(value)} ms`;
    case "s":
      return `${plain.format(value)} s`;
    case "dB":
      return `${plain.format(value)} dB`;
    default:
      return plain.format(value);
  }
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** An axis tick: clock time for spans under two days, day and month beyond. Times in UTC unless given. */
export function formatTimeTick(t: Date | number, spanMs: number, timeZone = "UTC"): string {
  const options: Intl.DateTimeFormatOptions =
    spanMs <= 2 * DAY
      ? { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone }
      : { day: "numeric", month: "short", timeZone };
  return new Intl.DateTimeFormat("en-GB", options).format(t);
}

/** The full time in tooltips, with its zone. */
export function formatTimeFull(t: Date | number, timeZone = "UTC"): string {
  return new Intl.DateTimeFormat("en-GB", {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZone,
    timeZoneName: "short",
  }).format(t);
}

export function toMillis(t: Date | number): number {
  return typeof t === "number" ? t : t.getTime();
}

/** Time span of a series, used to choose the tick format. */
export function spanOf(points: { t: Date | number }[]): number {
  if (points.length < 2) return 0;
  const times = points.map((p) => toMillis(p.t));
  return Math.max(...times) - Math.min(...times);
}

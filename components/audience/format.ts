// How the audience pages write figures. A suppressed cell is always the words "fewer than k" (with k),
// never a number or a blank, so nobody mistakes it for zero. Pure; unit-tested.
import type { Cell } from "@/lib/audience/report-api";

const one = new Intl.NumberFormat("en", { maximumFractionDigits: 1, minimumFractionDigits: 1 });
const whole = new Intl.NumberFormat("en", { maximumFractionDigits: 0 });

export const fewerThan = (k: number): string => `fewer than ${k}`;

/** A cell as text: "fewer than k" when suppressed, "—" when there is no figure, else `format(value)`. */
export function cellText(cell: Cell | null | undefined, k: number, format: (v: number) => string): string {
  if (!cell) return "—";
  if (cell.suppressed) return fewerThan(k);
  return cell.value === null ? "—" : format(cell.value);
}

/** Viewing hours with one decimal ("1,234.5 h"). */
export const hoursText = (v: number): string => `${one.format(v)} h`;
/** Households or boxes (averages keep one decimal). */
export const countText = (v: number): string => (Number.isInteger(v) ? whole.format(v) : one.format(v));
export const minutesText = (v: number): string => `${one.format(v)} min`;

/** A 0..1 share as a percentage, "—" for none. */
export function pctText(v: number | null | undefined): string {
  return v === null || v === undefined || Number.isNaN(v) ? "—" : `${one.format(v * 100)} %`;
}

/** Sort value of a cell: suppressed and empty cells sort below every published figure. */
export function cellSort(cell: Cell | null | undefined): number | null {
  return cell && !cell.suppressed ? cell.value : null;
}

/** "00:00" … "24:00": the whole hours a programme slot starts and ends on. */
export const CLOCK_HOURS: string[] = Array.from({ length: 25 }, (_, h) => `${String(h).padStart(2, "0")}:00`);

export const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

/** One filter value as text (lists joined, anything else as JSON). */
function valueText(value: unknown): string {
  if (Array.isArray(value)) return value.map(valueText).join(", ");
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return value === undefined || value === null ? "" : JSON.stringify(value);
}

/** The filters of a run as short text: "2026-11-26 to 2026-12-02 · regionIds 1, 2 · by region". */
export function filtersText(filters: Record<string, unknown>): string {
  const parts: string[] = [];
  const { from, to, ...rest } = filters;
  if (from !== undefined || to !== undefined)
    parts.push(`${valueText(from) || "…"} to ${valueText(to) || "…"}`);
  for (const [key, value] of Object.entries(rest)) {
    const text = valueText(value);
    if (text) parts.push(`${key} ${text}`);
  }
  return parts.join(" · ") || "none";
}

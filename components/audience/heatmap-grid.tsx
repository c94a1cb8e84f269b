import type { Cell } from "@/lib/audience/report-api";
import { countText, fewerThan, pctText, WEEKDAYS } from "./format";
import type { HeatmapData } from "./use-audience";

export type HeatmapMetric = "audience" | "share";

const HOURS = Array.from({ length: 24 }, (_, h) => h);
/** Suppressed cells: hatched, so "no figure" never looks like a pale (small) figure. */
const HATCH = "repeating-linear-gradient(135deg, #e2e8f0 0 3px, #ffffff 3px 7px)";

/** Shade by value / grid maximum; the darkest stays light enough for dark text at 4.5:1. */
function shade(value: number, max: number): string {
  const level = max <= 0 ? 0 : value / max;
  return `rgba(7, 89, 133, ${(0.05 + level * 0.55).toFixed(3)})`;
}

type Entry = { cell: Cell; share: number | null };

function valueOf(e: Entry | undefined, metric: HeatmapMetric): number | null {
  if (!e || e.cell.suppressed) return null;
  return metric === "share" ? e.share : e.cell.value;
}

/**
 * ISO weekday × local hour as a table (readable by screen readers, each figure in its cell's text).
 * Suppressed cells are hatched and read "<k" (the full "fewer than k" in their title and for screen
 * readers).
 */
export function HeatmapGrid({ data, metric }: { data: HeatmapData; metric: HeatmapMetric }) {
  const k = data.privacy.k;
  const byKey = new Map(
    data.cells.map((c) => [`${c.weekday}:${c.hour}`, { cell: c.audience, share: c.share }]),
  );
  const max = Math.max(0, ...[...byKey.values()].map((e) => valueOf(e, metric) ?? 0));
  const format = metric === "share" ? pctText : countText;
  return (
    <div className="overflow-x-auto" tabIndex={0} aria-label="Daypart heatmap, scrollable">
      <table className="border-separate border-spacing-0.5 text-xs" data-testid="heatmap-grid">
        <caption className="mb-2 text-left text-sm font-medium text-slate-700">
          {metric === "share" ? "Share of all viewing" : "Average boxes watching"}, by weekday and local hour
        </caption>
        <thead>
          <tr>
            <th scope="col" className="sr-only">
              Weekday
            </th>
            {HOURS.map((h) => (
              <th key={h} scope="col" className="px-1 font-normal text-slate-600 tabular-nums">
                {String(h).padStart(2, "0")}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {WEEKDAYS.map((day, i) => (
            <tr key={day}>
              <th scope="row" className="pr-2 text-left font-medium whitespace-nowrap text-slate-700">
                <abbr title={day} className="no-underline">
                  {day.slice(0, 3)}
                </abbr>
              </th>
              {HOURS.map((h) => {
                const e = byKey.get(`${i + 1}:${h}`);
                const where = `${day} ${String(h).padStart(2, "0")}:00`;
                if (e?.cell.suppressed) {
                  return (
                    <td
                      key={h}
                      data-suppressed="true"
                      title={`${where}: ${fewerThan(k)} households`}
                      style={{ backgroundImage: HATCH }}
                      className="h-7 min-w-9 rounded-sm text-center text-slate-700"
                    >
                      <span aria-hidden="true">&lt;{k}</span>
                      <span className="sr-only">{fewerThan(k)}</span>
                    </td>
                  );
                }
                const v = valueOf(e, metric);
                return (
                  <td
                    key={h}
                    title={`${where}: ${v === null ? "no viewing" : format(v)}`}
                    style={{ backgroundColor: v === null ? "transparent" : shade(v, max) }}
                    className="h-7 min-w-9 rounded-sm text-center text-slate-900 tabular-nums"
                  >
                    {v === null ? "" : format(v)}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="mt-2 flex items-center gap-2 text-xs text-slate-600">
        <span
          aria-hidden="true"
          className="inline-block h-3 w-5 rounded-sm"
          style={{ backgroundImage: HATCH }}
        />
        Hatched: {fewerThan(k)} households, not shown. Darker: more viewing.
      </p>
    </div>
  );
}

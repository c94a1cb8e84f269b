import { formatTimeFull, formatTimeTick, formatValue, spanOf, type Unit } from "./format";

export interface HeatmapRow {
  label: string;
  /** One value per column time, in the order of `times` (null = no data). */
  values: (number | null)[];
}

/**
 * Cell shade by value / grid maximum. The darkest shade stays light enough for dark text at 4.5:1,
 * so one text colour serves every cell.
 */
function shade(value: number | null, max: number): string {
  if (value == null) return "transparent";
  const level = max <= 0 ? 0 : value / max;
  return `rgba(7, 89, 133, ${(0.05 + level * 0.55).toFixed(3)})`;
}

/**
 * A heatmap-like grid (rows × time buckets) as an HTML table, so it is readable by screen readers
 * and each cell's value is in its text. Usage:
 *   <HeatmapGrid title="Faults by model" unit="count" times={hours}
 *     rows={[{ label: "HG8245", values: [0, 3, 1] }]} />
 */
export function HeatmapGrid({
  title,
  times,
  rows,
  unit = "count",
  timeZone = "UTC",
}: {
  title: string;
  times: (Date | number)[];
  rows: HeatmapRow[];
  unit?: Unit;
  timeZone?: string;
}) {
  const max = Math.max(0, ...rows.flatMap((r) => r.values.map((v) => v ?? 0)));
  const span = spanOf(times.map((t) => ({ t })));
  return (
    <div className="overflow-x-auto">
      <table className="border-separate border-spacing-0.5 text-xs">
        <caption className="mb-2 text-left text-sm font-medium text-slate-700">{title}</caption>
        <thead>
          <tr>
            <th scope="col" className="sr-only">
              Series
            </th>
            {times.map((t) => (
              <th key={String(t)} scope="col" className="px-1 font-normal whitespace-nowrap text-slate-600">
                {formatTimeTick(t, span, timeZone)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.label}>
              <th scope="row" className="pr-2 text-left font-medium whitespace-nowrap text-slate-700">
                {row.label}
              </th>
              {row.values.map((v, i) => {
                const t = times[i];
                return (
                  <td
                    key={i}
                    title={`${row.label}, ${t === undefined ? "" : formatTimeFull(t, timeZone)}: ${formatValue(v, unit)}`}
                    style={{ backgroundColor: shade(v, max) }}
                    className="h-7 min-w-9 rounded-sm text-center text-slate-900 tabular-nums"
                  >
                    {v == null ? "" : formatValue(v, unit)}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

import type { Cell } from "@/lib/audience/report-api";
import { cellText } from "./format";

/**
 * One figure of a report. A suppressed one reads "fewer than k" in italics with the reason on hover,
 * and carries data-suppressed so checks can find it.
 */
export function CellValue({
  cell,
  k,
  format,
}: {
  cell: Cell | null;
  k: number;
  format: (v: number) => string;
}) {
  const text = cellText(cell, k, format);
  if (cell?.suppressed) {
    return (
      <span
        data-suppressed="true"
        title={`Fewer than ${k} households: not shown`}
        className="text-slate-600 italic"
      >
        {text}
      </span>
    );
  }
  return <span className="tabular-nums">{text}</span>;
}

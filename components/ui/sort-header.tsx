import { clsx } from "clsx";

/** A column header; a sortable one is a button and reports its order through aria-sort. */
export function SortHeader({
  label,
  canSort,
  sorted,
  onSort,
  className,
}: {
  label: string;
  canSort: boolean;
  sorted: false | "asc" | "desc";
  onSort: () => void;
  /** Extra classes for the header cell (e.g. sticky placement). */
  className?: string;
}) {
  return (
    <th
      scope="col"
      aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : undefined}
      className={clsx(
        "px-4 py-2.5 text-left text-xs font-semibold tracking-wide whitespace-nowrap text-slate-600 uppercase",
        className,
      )}
    >
      {canSort ? (
        <button type="button" onClick={onSort} className="inline-flex gap-1 uppercase hover:text-slate-900">
          {label}
          <span aria-hidden className={clsx(!sorted && "invisible")}>
            {sorted === "asc" ? "▲" : "▼"}
          </span>
        </button>
      ) : (
        label
      )}
    </th>
  );
}

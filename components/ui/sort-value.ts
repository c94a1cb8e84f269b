/** What a DataTable column sorts by on the client. */
export type SortValue = string | number | Date | null | undefined;

/**
 * Ascending order of two sort values: missing values last, dates by time, numbers numerically,
 * strings by natural order ("dev2" before "dev10"). TanStack reverses it for descending.
 */
export function compareSortValues(a: SortValue, b: SortValue): number {
  if (a == null || b == null) return a == null ? (b == null ? 0 : 1) : -1;
  if (a instanceof Date && b instanceof Date) return a.getTime() - b.getTime();
  if (typeof a === "number" && typeof b === "number") return a - b;
  return String(a).localeCompare(String(b), "en", { numeric: true });
}

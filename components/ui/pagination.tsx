"use client";

import { Button } from "./button";

/**
 * Previous/next pager with "first–last of total". Usage:
 *   <Pagination page={page} pageSize={50} total={data.total} noun="devices" onPageChange={setPage} />
 * `capped`: the total is a lower bound (the count stopped there), shown with a "+".
 */
export function Pagination({
  page,
  pageSize,
  total,
  noun = "items",
  capped = false,
  onPageChange,
}: {
  page: number;
  pageSize: number;
  total: number;
  noun?: string;
  capped?: boolean;
  onPageChange: (page: number) => void;
}) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = Math.min(total, page * pageSize);
  const plus = capped ? "+" : "";
  return (
    <nav
      aria-label="Pagination"
      className="flex flex-wrap items-center justify-between gap-x-4 gap-y-2 text-sm text-slate-600"
    >
      <p aria-live="polite">
        {total === 0
          ? `No ${noun}`
          : `${first.toLocaleString("en")}–${last.toLocaleString("en")} of ${total.toLocaleString("en")}${plus}`}
      </p>
      <div className="flex items-center gap-2">
        <Button variant="secondary" onClick={() => onPageChange(page - 1)} disabled={page <= 1}>
          Previous
        </Button>
        <span>
          Page {page} of {pages.toLocaleString("en")}
          {plus}
        </span>
        <Button variant="secondary" onClick={() => onPageChange(page + 1)} disabled={page >= pages}>
          Next
        </Button>
      </div>
    </nav>
  );
}

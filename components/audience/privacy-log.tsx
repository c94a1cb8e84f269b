"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { Button } from "@/components/ui/button";
import { DataTable, type DataColumn } from "@/components/ui/data-table";
import { RelativeTime } from "@/components/ui/relative-time";
import type { AppRouter } from "@/server/api/root";
import { useTRPC } from "@/trpc/react";
import { filtersText } from "./format";

type Row = inferRouterOutputs<AppRouter>["audience"]["accessLog"]["rows"][number];
const PAGE = 50;

const COLUMNS: DataColumn<Row>[] = [
  {
    id: "at",
    header: "When",
    rowHeader: true,
    hideable: false,
    cell: (r) => <RelativeTime value={new Date(r.at)} />,
    sortValue: (r) => r.at,
  },
  {
    id: "operator",
    header: "Operator",
    cell: (r) => r.operator ?? "(deleted operator)",
    sortValue: (r) => r.operator,
  },
  { id: "report", header: "Report", cell: (r) => r.report, sortValue: (r) => r.report },
  {
    id: "filters",
    header: "Filters",
    cell: (r) => filtersText(r.filters),
    className: "whitespace-normal break-words",
  },
  { id: "cells", header: "Cells", cell: (r) => r.cells, sortValue: (r) => r.cells },
  { id: "suppressed", header: "Suppressed", cell: (r) => r.suppressed, sortValue: (r) => r.suppressed },
];

/** Every audience report run and export, newest first, paged with a cursor. */
export function PrivacyLog() {
  const trpc = useTRPC();
  const log = useInfiniteQuery(
    trpc.audience.accessLog.infiniteQueryOptions(
      { limit: PAGE },
      { getNextPageParam: (last) => last.nextCursor, refetchInterval: 30_000 },
    ),
  );
  return (
    <div className="space-y-3">
      <DataTable
        label="Audience privacy log"
        columns={COLUMNS}
        rows={log.data?.pages.flatMap((p) => p.rows)}
        getRowId={(r) => r.id}
        rowTestId={(r) => `access-${r.id}`}
        loading={log.isPending}
        busy={log.isFetching}
        error={log.error?.message}
        empty="No audience report has been run yet"
        persistKey="audience-privacy-log"
      />
      {log.hasNextPage ? (
        <Button
          variant="secondary"
          disabled={log.isFetchingNextPage}
          onClick={() => void log.fetchNextPage()}
        >
          {log.isFetchingNextPage ? "Loading…" : "Load more"}
        </Button>
      ) : null}
    </div>
  );
}

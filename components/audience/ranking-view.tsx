"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { DataTable, type DataColumn } from "@/components/ui/data-table";
import type { AudienceFilter } from "@/lib/audience/report-api";
import { useTRPC } from "@/trpc/react";
import { CellValue } from "./cell-value";
import { cellSort, countText, hoursText, minutesText, pctText } from "./format";
import { ReportFrame } from "./report-frame";
import { REPORT_QUERY, type RankingData } from "./use-audience";

type Row = RankingData["rows"][number];

function columns(k: number): DataColumn<Row>[] {
  return [
    {
      id: "channel",
      header: "Channel",
      rowHeader: true,
      hideable: false,
      cell: (r) => (r.number === null ? r.name : `${r.number} · ${r.name}`),
      sortValue: (r) => r.name,
      className: "whitespace-normal break-words",
    },
    {
      id: "hours",
      header: "Viewing hours",
      cell: (r) => <CellValue cell={r.hours} k={k} format={hoursText} />,
      sortValue: (r) => cellSort(r.hours),
    },
    { id: "share", header: "Share", cell: (r) => pctText(r.share), sortValue: (r) => r.share },
    {
      id: "reach",
      header: "Reach per day",
      cell: (r) => <CellValue cell={r.reach} k={k} format={countText} />,
      sortValue: (r) => cellSort(r.reach),
    },
    { id: "reachPct", header: "Reach %", cell: (r) => pctText(r.reachPct), sortValue: (r) => r.reachPct },
    {
      id: "minutes",
      header: "Minutes per viewer",
      cell: (r) => (r.minutesPerViewer === null ? "—" : minutesText(r.minutesPerViewer)),
      sortValue: (r) => r.minutesPerViewer,
    },
  ];
}

/** Channels by share of viewing time, with reach and time per viewer; "fewer than k" where it applies. */
export function RankingView({ filter }: { filter: AudienceFilter }) {
  const trpc = useTRPC();
  const q = useQuery(
    trpc.audience.ranking.queryOptions({ filter }, { ...REPORT_QUERY, placeholderData: keepPreviousData }),
  );
  const k = q.data?.privacy.k ?? 0;
  return (
    <ReportFrame
      id="ranking"
      title="Channel ranking"
      description="Share of viewing time, average households reached per day (at least a minute of the channel) and minutes per reached household per day."
      exportInput={{ report: "ranking", filter }}
      privacy={q.data?.privacy}
      loading={q.isPending}
      busy={q.isFetching}
      error={q.error?.message}
    >
      {q.data ? (
        <div className="space-y-2">
          <p className="text-sm text-slate-700" data-testid="ranking-panel">
            Households watching anything, per day: <CellValue cell={q.data.panel} k={k} format={countText} />
            {q.data.days > 0 ? ` (average of ${q.data.days} day${q.data.days === 1 ? "" : "s"})` : ""}.
          </p>
          <DataTable
            label="Channel ranking"
            columns={columns(k)}
            rows={q.data.rows}
            getRowId={(r) => String(r.channelId)}
            rowTestId={(r) => `ranking-${r.channelId}`}
            busy={q.isFetching}
            empty="No viewing published for these filters yet"
            persistKey="audience-ranking"
            maxHeight="max-h-[60vh]"
          />
        </div>
      ) : null}
    </ReportFrame>
  );
}

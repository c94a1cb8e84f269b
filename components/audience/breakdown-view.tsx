"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { DataTable, type DataColumn } from "@/components/ui/data-table";
import type { AudienceFilter } from "@/lib/audience/report-api";
import { useTRPC } from "@/trpc/react";
import { CellValue } from "./cell-value";
import { cellSort, countText, hoursText, pctText } from "./format";
import { ReportFrame } from "./report-frame";
import { REPORT_QUERY, type BreakdownData } from "./use-audience";

type By = BreakdownData["by"];
type Row = BreakdownData["rows"][number];

function columns(by: By, k: number): DataColumn<Row>[] {
  const cols: DataColumn<Row>[] = [
    {
      id: "label",
      header: by === "region" ? "Region" : "Segment",
      rowHeader: true,
      hideable: false,
      cell: (r) => r.label || "(unknown)",
      sortValue: (r) => r.label,
      className: "whitespace-normal break-words",
    },
    {
      id: "reach",
      header: "Reach per day",
      cell: (r) => <CellValue cell={r.reach} k={k} format={countText} />,
      sortValue: (r) => cellSort(r.reach),
    },
    { id: "reachPct", header: "Reach %", cell: (r) => pctText(r.reachPct), sortValue: (r) => r.reachPct },
    {
      id: "panel",
      header: "Households watching per day",
      cell: (r) => <CellValue cell={r.panel} k={k} format={countText} />,
      sortValue: (r) => cellSort(r.panel),
    },
  ];
  if (by === "region") {
    cols.splice(1, 0, {
      id: "hours",
      header: "Viewing hours",
      cell: (r) => <CellValue cell={r.hours} k={k} format={hoursText} />,
      sortValue: (r) => cellSort(r.hours),
    });
  }
  return cols;
}

/** Reach (and viewing time by region) per region or segment, where k holds. */
export function BreakdownView({ filter }: { filter: AudienceFilter }) {
  const trpc = useTRPC();
  const [by, setBy] = useState<By>("region");
  const q = useQuery(
    trpc.audience.breakdown.queryOptions(
      { filter, by },
      { ...REPORT_QUERY, placeholderData: keepPreviousData },
    ),
  );
  const k = q.data?.privacy.k ?? 0;
  const shownBy = q.data?.by ?? by;
  return (
    <ReportFrame
      id="breakdown"
      title="By region / segment"
      description="Households reached per day (and, by region, viewing hours) for the channels of the filter, or all channels."
      exportInput={{ report: "breakdown", filter, by }}
      privacy={q.data?.privacy}
      loading={q.isPending}
      busy={q.isFetching}
      error={q.error?.message}
      controls={
        <fieldset className="flex flex-wrap items-center gap-3 text-sm">
          <legend className="mr-2 float-left font-medium text-slate-700">Break down by</legend>
          {(["region", "segment"] as const).map((value) => (
            <label key={value} className="flex items-center gap-1">
              <input
                type="radio"
                name="breakdown-by"
                value={value}
                checked={by === value}
                onChange={() => setBy(value)}
              />
              {value === "region" ? "Region" : "Segment"}
            </label>
          ))}
        </fieldset>
      }
    >
      {q.data ? (
        <div className="space-y-2">
          <DataTable
            key={shownBy}
            label={shownBy === "region" ? "Audience by region" : "Audience by segment"}
            columns={columns(shownBy, k)}
            rows={q.data.rows}
            getRowId={(r) => r.key}
            rowTestId={(r) => `breakdown-${r.key}`}
            busy={q.isFetching}
            empty="No viewing published for these filters yet"
            persistKey={`audience-breakdown-${shownBy}`}
            maxHeight="max-h-[60vh]"
          />
          {shownBy === "segment" ? (
            <p className="text-sm text-slate-700">Viewing time is not published by segment: reach only.</p>
          ) : null}
        </div>
      ) : null}
    </ReportFrame>
  );
}

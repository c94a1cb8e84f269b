"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { PALETTE } from "@/components/ui/charts/types";
import type { AudienceFilter } from "@/lib/audience/report-api";
import { useTRPC } from "@/trpc/react";
import { countText, fewerThan, hoursText } from "./format";
import { ReportFrame } from "./report-frame";
import { trendRows, type TrendMetric } from "./trend-data";
import { REPORT_QUERY } from "./use-audience";

const METRICS: { value: TrendMetric; label: string }[] = [
  { value: "hours", label: "Viewing hours" },
  { value: "reach", label: "Households reached" },
];

/** Per local day, per channel (the ten first of a channel filter) or all channels together. */
export function TrendView({ filter }: { filter: AudienceFilter }) {
  const trpc = useTRPC();
  const q = useQuery(
    trpc.audience.trend.queryOptions({ filter }, { ...REPORT_QUERY, placeholderData: keepPreviousData }),
  );
  const [metric, setMetric] = useState<TrendMetric>("hours");
  const chart = q.data ? trendRows(q.data, metric) : null;
  const format = metric === "hours" ? hoursText : countText;
  const label = METRICS.find((m) => m.value === metric)?.label ?? "";
  return (
    <ReportFrame
      id="trend"
      title="Trends"
      description="One line per channel of the channel filter (at most ten), or all channels together without one."
      exportInput={{ report: "trend", filter }}
      privacy={q.data?.privacy}
      loading={q.isPending}
      busy={q.isFetching}
      error={q.error?.message}
      controls={
        <fieldset className="flex flex-wrap items-center gap-3 text-sm">
          <legend className="sr-only">Trend figure</legend>
          {METRICS.map((m) => (
            <label key={m.value} className="flex items-center gap-1">
              <input
                type="radio"
                name="trend-metric"
                value={m.value}
                checked={metric === m.value}
                onChange={() => setMetric(m.value)}
              />
              {m.label}
            </label>
          ))}
        </fieldset>
      }
    >
      {chart ? (
        <div className="space-y-2">
          <figure className="w-full" data-testid="trend-chart">
            <figcaption className="mb-2 text-sm font-medium text-slate-700">{label} per day</figcaption>
            <div className="h-64 w-full">
              <ResponsiveContainer>
                <LineChart data={chart.rows} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
                  <CartesianGrid stroke="#e2e8f0" vertical={false} />
                  <XAxis dataKey="day" tick={{ fontSize: 12, fill: "#475569" }} />
                  <YAxis
                    tickFormatter={(v: number) => format(v)}
                    tick={{ fontSize: 12, fill: "#475569" }}
                    width={80}
                  />
                  <Tooltip formatter={(v: unknown) => (typeof v === "number" ? format(v) : "—")} />
                  {chart.keys.length > 1 ? <Legend /> : null}
                  {chart.keys.map((s, i) => (
                    <Line
                      key={s.key}
                      dataKey={s.key}
                      name={s.label}
                      type="monotone"
                      stroke={PALETTE[i % PALETTE.length]}
                      strokeWidth={2}
                      connectNulls={false}
                      isAnimationActive={false}
                    />
                  ))}
                </LineChart>
              </ResponsiveContainer>
            </div>
          </figure>
          {metric === "hours" && filter.segments?.length ? (
            <p className="text-sm text-slate-700">
              Viewing time is not published by segment: choose Households reached, or clear the segment
              filter.
            </p>
          ) : null}
          {chart.suppressedPoints > 0 ? (
            <p className="text-sm text-slate-700">
              {chart.suppressedPoints} point{chart.suppressedPoints === 1 ? "" : "s"} with{" "}
              {fewerThan(q.data?.privacy.k ?? 0)} households left out (gaps in the lines).
            </p>
          ) : null}
        </div>
      ) : null}
    </ReportFrame>
  );
}

"use client";

import { BarChart, type SeriesPoint } from "@/components/ui/charts";
import type { FaultSummaryData } from "./use-faults";

type Key = "occurrences" | "devices";

const SERIES = [
  { key: "occurrences" as const, label: "Faults" },
  { key: "devices" as const, label: "Devices" },
];

/** Faults and affected devices per bucket (hour for 24 h, day beyond), in UTC like the buckets. */
export function FaultChart({ summary }: { summary: FaultSummaryData }) {
  const data: SeriesPoint<Key>[] = summary.series.map((b) => ({
    t: b.at,
    occurrences: b.occurrences,
    devices: b.devices,
  }));
  const per = summary.unit === "hour" ? "hour" : "day";
  return (
    <BarChart
      title={`Faults and affected devices per ${per} (UTC)`}
      data={data}
      series={SERIES}
      unit="count"
    />
  );
}

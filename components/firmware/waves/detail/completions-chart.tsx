"use client";

import { BarChart, type SeriesPoint } from "@/components/ui/charts";
import { paddedBuckets } from "../chart-data";
import { useWaveCompletions } from "../use-waves";

type Key = "verified" | "failed" | "rolledBack";

const SERIES: { key: Key; label: string; color: string }[] = [
  { key: "verified", label: "Verified", color: "#009E73" },
  { key: "failed", label: "Failed", color: "#D55E00" },
  { key: "rolledBack", label: "Rolled back", color: "#CC79A7" },
];

/** Devices finishing per time bucket: a stage that starts failing shows as the vermilion growing. */
export function CompletionsChart({ id, running }: { id: number; running: boolean }) {
  const completions = useWaveCompletions(id, running);
  if (completions.isError)
    return (
      <p role="alert" className="text-sm text-red-700">
        Could not load completions: {completions.error.message}
      </p>
    );
  const data: SeriesPoint<Key>[] = paddedBuckets(completions.data ?? []).map((b) => ({
    t: b.t,
    verified: b.verified,
    failed: b.failed,
    rolledBack: b.rolledBack,
  }));
  if (completions.isSuccess && data.length === 0)
    return <p className="text-sm text-slate-600">No device has finished yet.</p>;
  return (
    <BarChart title="Completions over time" data={data} series={SERIES} unit="count" stacked height={200} />
  );
}

"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { BarChart, type SeriesPoint } from "@/components/ui/charts";
import { useTRPC } from "@/trpc/react";

type Window = "24h" | "7d";
type Key = "boot" | "valueChange" | "periodic" | "other" | "fault";

const WINDOWS: { value: Window; label: string; per: string }[] = [
  { value: "24h", label: "24 h", per: "hour" },
  { value: "7d", label: "7 days", per: "day" },
];

// Informs from the bottom, the usual periodic ones first; faults on top in the palette's vermilion, the
// colour nearest to red (Okabe–Ito, as the chart parts use), so they stand out from boots.
const SERIES: { key: Key; label: string; color: string }[] = [
  { key: "periodic", label: "Periodic", color: "#0072B2" },
  { key: "boot", label: "Boot", color: "#E69F00" },
  { key: "valueChange", label: "Value change", color: "#009E73" },
  { key: "other", label: "Other informs", color: "#CC79A7" },
  { key: "fault", label: "Faults", color: "#D55E00" },
];

/**
 * Why and how often the device called in, and its faults, per hour over a day or per day over a week:
 * a device that reboots in a loop or stopped informing shows at a glance. Refetched with the history
 * when the device's change stamp moves (useTimelineFeed).
 */
export function ActivityChart({ deviceId }: { deviceId: number }) {
  const trpc = useTRPC();
  const [span, setSpan] = useState<Window>("24h");
  const activity = useQuery(trpc.device.activity.queryOptions({ id: deviceId, window: span }));
  const per = WINDOWS.find((w) => w.value === span)?.per ?? "hour";
  const data: SeriesPoint<Key>[] =
    activity.data?.buckets.map((b) => ({
      t: b.at,
      boot: b.boot,
      valueChange: b.valueChange,
      periodic: b.periodic,
      other: b.other,
      fault: b.fault,
    })) ?? [];
  return (
    <div className="min-w-0">
      <div role="group" aria-label="Activity window" className="flex justify-end gap-1.5">
        {WINDOWS.map((w) => (
          <button
            key={w.value}
            type="button"
            aria-pressed={span === w.value}
            onClick={() => setSpan(w.value)}
            className="rounded-full border border-slate-300 px-2.5 py-0.5 text-xs text-slate-700 hover:bg-slate-50 aria-pressed:border-sky-700 aria-pressed:bg-sky-700 aria-pressed:text-white"
          >
            {w.label}
          </button>
        ))}
      </div>
      {activity.isError ? (
        <p role="alert" className="text-sm text-red-700">
          Could not load the activity: {activity.error.message}
        </p>
      ) : (
        <BarChart
          title={`Informs by kind and faults per ${per} (UTC)`}
          data={data}
          series={SERIES}
          unit="count"
          stacked
          height={180}
        />
      )}
    </div>
  );
}

"use client";

import { useQuery } from "@tanstack/react-query";
import { ChannelRuns } from "@/components/monitoring/stream-quality/channel-runs";
import { GatewayLine } from "@/components/monitoring/stream-quality/gateway-line";
import { LayerTimeline } from "@/components/monitoring/stream-quality/layer-timeline";
import { useTRPC } from "@/trpc/react";

/**
 * The help desk's view of a box's picture over the last 24 h: impairments per layer, QoE, which channel
 * was on and the channel changes, and the household gateway's DSL line, all on one time axis.
 */
export function StreamQualityTab({ deviceId }: { deviceId: number }) {
  const trpc = useTRPC();
  const q = useQuery(
    trpc.monitoring.streamQuality.queryOptions({ deviceId, hours: 24 }, { refetchInterval: 60_000 }),
  );
  return (
    <section aria-label="Stream quality" className="space-y-6" data-testid="stream-quality">
      <p className="text-sm text-slate-600">
        Last 24 hours, from the intervals this device and its gateway reported.
      </p>
      {q.error ? (
        <p role="alert" className="text-sm text-red-700">
          {q.error.message}
        </p>
      ) : !q.data ? (
        <p className="text-sm text-slate-600">Loading…</p>
      ) : (
        <>
          {q.data.intervals.length === 0 ? (
            <p className="text-sm text-slate-600" data-testid="no-stream-data">
              This device reported no viewing in the last 24 hours.
            </p>
          ) : (
            <>
              <LayerTimeline q={q.data} />
              <ChannelRuns q={q.data} />
            </>
          )}
          <GatewayLine q={q.data} />
        </>
      )}
    </section>
  );
}

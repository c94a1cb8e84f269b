"use client";

import { BarChart, LineChart } from "@/components/ui/charts";
import type { DeviceStreamQuality } from "../chart-types";
import { lineTotals, onAxis } from "./data";

/** The household gateway's DSL line on the tab's time axis: errors, resyncs, rate and margin. */
export function GatewayLine({ q }: { q: DeviceStreamQuality }) {
  if (!q.gateway)
    return <p className="text-sm text-slate-600">No gateway of this household reported a DSL line.</p>;
  const totals = lineTotals(q.line);
  const errors = onAxis(
    q.line.map((l) => ({
      t: Date.parse(l.ts),
      es: l.erroredSecs,
      ses: l.severelyErroredSecs,
      crc: l.crcErrors,
      resyncs: l.resyncs,
    })),
    q.from,
    q.to,
    ["es", "ses", "crc", "resyncs"],
  );
  // TR-181 reports rates in kbit/s and margins in 0.1 dB.
  const rate = onAxis(
    q.line.map((l) => ({
      t: Date.parse(l.ts),
      ds: l.dsRate === null ? null : l.dsRate * 1000,
      us: l.usRate === null ? null : l.usRate * 1000,
    })),
    q.from,
    q.to,
    ["ds", "us"],
  );
  const margin = onAxis(
    q.line.map((l) => ({ t: Date.parse(l.ts), margin: l.dsMargin === null ? null : l.dsMargin / 10 })),
    q.from,
    q.to,
    ["margin"],
  );
  return (
    <section aria-labelledby="gateway-line-heading" className="space-y-3" data-testid="gateway-line">
      <h3 id="gateway-line-heading" className="text-sm font-medium text-slate-700">
        Gateway {q.gateway.serialNumber}: DSL line
      </h3>
      <dl className="grid grid-cols-2 gap-2 text-sm sm:grid-cols-4" data-testid="line-totals">
        <div>
          <dt className="text-xs text-slate-600">Errored seconds</dt>
          <dd className="font-medium" data-testid="line-es">
            {totals.erroredSecs}
          </dd>
        </div>
        <div>
          <dt className="text-xs text-slate-600">CRC errors</dt>
          <dd className="font-medium" data-testid="line-crc">
            {totals.crcErrors}
          </dd>
        </div>
        <div>
          <dt className="text-xs text-slate-600">Resyncs</dt>
          <dd className="font-medium" data-testid="line-resyncs">
            {totals.resyncs}
          </dd>
        </div>
        <div>
          <dt className="text-xs text-slate-600">Rate down / up, margin</dt>
          <dd className="font-medium">
            {totals.dsRate === null ? "—" : `${(totals.dsRate / 1000).toFixed(1)} Mbit/s`} /{" "}
            {totals.usRate === null ? "—" : `${(totals.usRate / 1000).toFixed(1)} Mbit/s`},{" "}
            {totals.dsMargin === null ? "—" : `${(totals.dsMargin / 10).toFixed(1)} dB`}
          </dd>
        </div>
      </dl>
      <BarChart
        title="Errored seconds, CRC errors and resyncs per interval"
        unit="count"
        height={180}
        data={errors}
        series={[
          { key: "es", label: "Errored seconds" },
          { key: "ses", label: "Severely errored seconds" },
          { key: "crc", label: "CRC errors" },
          { key: "resyncs", label: "Resyncs" },
        ]}
      />
      <div className="grid gap-4 lg:grid-cols-2">
        <LineChart
          title="Sync rate"
          unit="bps"
          height={160}
          data={rate}
          series={[
            { key: "ds", label: "Downstream" },
            { key: "us", label: "Upstream" },
          ]}
        />
        <LineChart
          title="Downstream noise margin"
          unit="dB"
          height={160}
          data={margin}
          series={[{ key: "margin", label: "Margin" }]}
        />
      </div>
    </section>
  );
}

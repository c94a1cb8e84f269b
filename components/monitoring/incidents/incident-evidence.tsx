import Link from "next/link";
import { formatTimeFull } from "@/components/ui/charts";
import { LAYERS, LAYER_LABELS } from "@/lib/monitoring/qoe";
import type { IncidentDetail } from "../use-monitoring";
import { confidenceLabel, devicesHref, pct, verdictLabel, type DimName } from "../labels";

type Evidence = IncidentDetail["evidence"];

function Facts({ label, items }: { label: string; items: string[] }) {
  if (items.length === 0) return null;
  return (
    <div>
      <dt className="text-xs font-medium text-slate-600">{label}</dt>
      <dd className="text-sm text-slate-900">{items.join(", ")}</dd>
    </div>
  );
}

/** Why the localizer decided: where, which layers, how concentrated, and what else it weighed. */
export function IncidentEvidencePanel({
  evidence: e,
  scope,
}: {
  evidence: Evidence;
  scope: { dim: DimName; key: string };
}) {
  // An open incident is about the last half hour: the raw 1-hour view has it without waiting for rollups.
  const range = "1h" as const;
  return (
    <section aria-labelledby="evidence-heading" className="space-y-4" data-testid="incident-evidence">
      <h2 id="evidence-heading" className="text-base font-semibold text-slate-900">
        Evidence
      </h2>
      <dl className="grid gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2 lg:grid-cols-3">
        <Facts label="Channels" items={e.channels} />
        <Facts label="Regions" items={e.regions} />
        <Facts label="Access nodes" items={e.accessNodes} />
        <Facts label="Models" items={e.models} />
        <Facts
          label="Devices / households"
          items={[`${e.deviceCount} devices in ${e.households} households`]}
        />
        {e.span ? (
          <Facts
            label="Time span"
            items={[`${formatTimeFull(Date.parse(e.span.from))} – ${formatTimeFull(Date.parse(e.span.to))}`]}
          />
        ) : null}
        <Facts
          label="Devices with the signature inside vs outside the scope"
          items={[`${pct(100 * e.insideRate)} vs ${pct(100 * e.outsideRate)}`]}
        />
        <Facts label="Impaired intervals that fit the verdict's layer" items={[pct(100 * e.layerFit)]} />
        {e.dsl ? (
          <Facts
            label="DSL errored seconds per hour (these gateways vs the rest)"
            items={[`${e.dsl.esPerHour.toFixed(1)} vs ${e.dsl.othersEsPerHour.toFixed(1)}`]}
          />
        ) : null}
      </dl>
      <table className="w-full max-w-xl text-sm" data-testid="incident-layers">
        <caption className="mb-1 text-left text-sm font-medium text-slate-700">
          Impaired device-intervals by layer (of {e.intervals})
        </caption>
        <thead>
          <tr className="text-left text-xs text-slate-600">
            <th scope="col" className="py-1 pr-4">
              Layer
            </th>
            <th scope="col" className="py-1 pr-4">
              Intervals
            </th>
            <th scope="col" className="py-1">
              Drill down
            </th>
          </tr>
        </thead>
        <tbody>
          {LAYERS.map((l) => (
            <tr key={l} className="border-t border-slate-100">
              <th scope="row" className="py-1 pr-4 text-left font-normal">
                {LAYER_LABELS[l]}
              </th>
              <td className="py-1 pr-4">{e.layers[l]}</td>
              <td className="py-1">
                <Link
                  href={devicesHref({ ...scope, range, layer: l })}
                  className="text-sky-800 underline underline-offset-2"
                >
                  Devices impaired at {LAYER_LABELS[l]}
                </Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {e.competing.length > 0 ? (
        <div>
          <h3 className="text-sm font-semibold text-slate-800">Competing hypotheses</h3>
          <ul className="mt-1 space-y-1 text-sm text-slate-700" data-testid="incident-competing">
            {e.competing.map((h) => (
              <li key={h.location}>
                {verdictLabel(h.verdict)}: {h.label} — score {confidenceLabel(h.score)}, {h.devices} devices,
                inside {pct(100 * h.insideRate)} vs outside {pct(100 * h.outsideRate)}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}

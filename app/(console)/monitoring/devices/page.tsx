import type { Metadata } from "next";
import Link from "next/link";
import { ScopeDevices } from "@/components/monitoring/scope-devices";
import {
  DIM_LABELS,
  isDim,
  layerFromParam,
  layerLabel,
  rangeFromParam,
} from "@/components/monitoring/labels";
import { Forbidden } from "@/components/ui/forbidden";
import { pathWithQuery } from "@/lib/auth/next-path";
import { FLEET_KEY } from "@/lib/monitoring/query-api";
import { requirePermission } from "@/server/auth/session";

export const metadata: Metadata = { title: "Monitoring devices" };

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function MonitoringDevicesPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const query = await searchParams;
  const { allowed } = await requirePermission(pathWithQuery("/monitoring/devices", query), "monitoring.read");
  if (!allowed) return <Forbidden what="see stream quality monitoring" />;
  const rawDim = one(query.dim);
  const dim = isDim(rawDim) ? rawDim : "fleet";
  const key = dim === "fleet" ? FLEET_KEY : (one(query.key) ?? "").slice(0, 300);
  const range = rangeFromParam(query.range);
  const layer = layerFromParam(query.layer);
  const scope =
    dim === "fleet" ? "the whole fleet" : `${DIM_LABELS[dim].toLowerCase()} ${key || "(unknown)"}`;
  return (
    <section aria-labelledby="scope-heading" className="space-y-4">
      <p className="text-sm">
        <Link href={`/monitoring?range=${range}`} className="text-sky-800 underline underline-offset-2">
          Monitoring
        </Link>
      </p>
      <div>
        <h1 id="scope-heading" className="text-xl font-semibold text-slate-900">
          Devices of {scope}
          {layer ? `, impaired at ${layerLabel(layer)}` : ""}
        </h1>
        <p className="text-sm text-slate-600">
          Devices that reported viewing in this range, the most impaired first. Open one for its stream
          quality.
        </p>
      </div>
      <ScopeDevices dim={dim} scopeKey={key} range={range} layer={layer} />
    </section>
  );
}

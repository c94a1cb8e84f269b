import Link from "next/link";
import type { Range } from "@/lib/monitoring/query-api";
import { LAYERS, LAYER_LABELS } from "@/lib/monitoring/qoe";
import { devicesHref, type DimName } from "./labels";

/** Under a chart: the devices of the scope impaired at each layer (every chart drills down). */
export function LayerLinks({ dim, scopeKey, range }: { dim: DimName; scopeKey: string; range: Range }) {
  return (
    <p className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm text-slate-700">
      <span>Devices impaired at:</span>
      {LAYERS.map((layer) => (
        <Link
          key={layer}
          href={devicesHref({ dim, key: scopeKey, range, layer })}
          className="font-medium text-sky-800 underline underline-offset-2"
        >
          {LAYER_LABELS[layer]}
        </Link>
      ))}
      <Link
        href={devicesHref({ dim, key: scopeKey, range })}
        className="font-medium text-sky-800 underline underline-offset-2"
      >
        All devices
      </Link>
    </p>
  );
}

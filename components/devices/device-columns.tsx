import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import type { DataColumn } from "@/components/ui/data-table";
import { RelativeTime } from "@/components/ui/relative-time";
import { DEVICE_SORT_FIELDS, isParameterColumn, type AttributeColumn } from "@/lib/devices/search-query";
import type { DeviceRow } from "./device-row";

const KIND_LABELS: Record<DeviceRow["kind"], string> = {
  GATEWAY: "Gateway",
  STB: "Set-top box",
  OTHER: "Other",
  MOBILE: "Mobile",
};

/** Column headers; the column picker lists attributes in this order. */
export const ATTRIBUTE_LABELS: Record<AttributeColumn, string> = {
  serialNumber: "Serial number",
  kind: "Kind",
  modelName: "Model",
  manufacturer: "Manufacturer",
  oui: "OUI",
  productClass: "Product class",
  softwareVersion: "Software",
  hardwareVersion: "Hardware",
  ipAddress: "IP address",
  macAddress: "MAC address",
  subscriberId: "Subscriber",
  tags: "Tags",
  lastInform: "Last inform",
  online: "Status",
  bootstrapIncomplete: "Bootstrap",
};

const dash = (v: string | null) => v || "—";

function BootstrapFlag() {
  return (
    <Badge tone="warning" className="mt-1">
      Bootstrap incomplete
    </Badge>
  );
}

const CELLS: Record<AttributeColumn, (r: DeviceRow) => React.ReactNode> = {
  serialNumber: (r) => (
    <div>
      <Link href={`/devices/${r.id}`} className="font-mono text-sky-800 underline-offset-2 hover:underline">
        {r.serialNumber}
      </Link>
      <div className="text-xs text-slate-500">
        {r.oui}-{r.productClass}
      </div>
      {/* The flag rides with the identity so it shows whichever columns are chosen. */}
      {r.bootstrapIncomplete ? <BootstrapFlag /> : null}
    </div>
  ),
  kind: (r) => KIND_LABELS[r.kind],
  modelName: (r) => (
    <div>
      <div>{dash(r.modelName)}</div>
      <div className="text-xs text-slate-500">{r.manufacturer}</div>
    </div>
  ),
  manufacturer: (r) => dash(r.manufacturer),
  oui: (r) => <span className="font-mono">{r.oui}</span>,
  productClass: (r) => dash(r.productClass),
  softwareVersion: (r) => dash(r.softwareVersion),
  hardwareVersion: (r) => dash(r.hardwareVersion),
  ipAddress: (r) => (
    <div>
      <div className="font-mono">{dash(r.ipAddress)}</div>
      <div className="text-xs text-slate-500">{r.subscriberId ?? ""}</div>
    </div>
  ),
  macAddress: (r) => <span className="font-mono">{dash(r.macAddress)}</span>,
  subscriberId: (r) => dash(r.subscriberId),
  tags: (r) => (
    <div className="flex max-w-40 flex-wrap gap-1">
      {r.tags.map((t) => (
        <Badge key={t} tone="info">
          {t}
        </Badge>
      ))}
    </div>
  ),
  lastInform: (r) => <RelativeTime value={r.lastInform} />,
  online: (r) =>
    r.online ? (
      <Badge tone="success" dot>
        Online
      </Badge>
    ) : (
      <Badge dot>Offline</Badge>
    ),
  bootstrapIncomplete: (r) => (r.bootstrapIncomplete ? <BootstrapFlag /> : "Complete"),
};

const SORTABLE = new Set<string>(DEVICE_SORT_FIELDS);

/** A parameter path's last segment is what people recognise; the full path is on hover. */
export function parameterLabel(path: string): string {
  return path.split(".").slice(-2).join(".");
}

/** The table's columns for the chosen column ids (attributes and parameter paths), in order. */
export function deviceColumns(chosen: readonly string[]): DataColumn<DeviceRow>[] {
  return chosen.map((id) => {
    if (isParameterColumn(id)) {
      return {
        id,
        header: parameterLabel(id),
        hideable: false,
        className: "max-w-64 break-words whitespace-normal font-mono text-xs",
        cell: (r) => <span title={id}>{r.params[id] ?? "—"}</span>,
      };
    }
    const attribute = id as AttributeColumn;
    return {
      id,
      header: ATTRIBUTE_LABELS[attribute],
      hideable: false,
      sortable: SORTABLE.has(id),
      cell: CELLS[attribute],
    };
  });
}

// Which devices a new wave targets: one of the operator's saved searches, or the device list's search
// passed in the URL. Either way only the filters count (not the list's order, page or columns).
import type { DeviceFilter, DeviceSearch } from "@/lib/devices/search-query";
import { filterOf, hasFilters, searchFromParams } from "@/lib/devices/search-url";

export interface SavedSearchOption {
  id: number;
  name: string;
  query: Omit<DeviceSearch, "page">;
}

/** The filter of the device list's query string (anything invalid in it is left out). */
export function filterFromQuery(query: string): DeviceFilter {
  return filterOf(searchFromParams(new URLSearchParams(query)));
}

/** The target's filter, or null while no saved search is chosen. */
export function targetFilter(
  target: "saved" | "search",
  savedSearchId: string,
  saved: readonly SavedSearchOption[],
  searchQuery: string,
): DeviceFilter | null {
  if (target === "search") return filterFromQuery(searchQuery);
  const chosen = saved.find((s) => String(s.id) === savedSearchId);
  return chosen ? filterOf(chosen.query) : null;
}

type Scalar =
  | "q"
  | "manufacturer"
  | "oui"
  | "productClass"
  | "softwareVersion"
  | "kind"
  | "tag"
  | "faultCode"
  | "faultTask"
  | "faultDays";

const LABELS: Record<Scalar, string> = {
  q: "text",
  manufacturer: "manufacturer",
  oui: "OUI",
  productClass: "product class",
  softwareVersion: "software version",
  kind: "kind",
  tag: "tag",
  faultCode: "fault code",
  faultTask: "fault in",
  faultDays: "fault within days",
};

/** The filter in words, one line per condition: what the operator checks before starting a wave. */
export function describeFilter(filter: DeviceFilter): string[] {
  if (!hasFilters(filter)) return ["every device"];
  const lines: string[] = [];
  for (const [key, label] of Object.entries(LABELS) as [Scalar, string][]) {
    const value = filter[key];
    if (value !== undefined && value !== "") lines.push(`${label}: ${String(value)}`);
  }
  if (filter.online !== undefined) lines.push(filter.online ? "online now" : "offline now");
  if (filter.lastInformAfter) lines.push(`last inform after ${filter.lastInformAfter.toISOString()}`);
  if (filter.lastInformBefore) lines.push(`last inform before ${filter.lastInformBefore.toISOString()}`);
  if (filter.param) {
    const { path, op, value } = filter.param;
    lines.push(op === "exists" ? `${path} exists` : `${path} ${op} ${value}`);
  }
  if (filter.bootstrapIncomplete) lines.push("bootstrap incomplete");
  return lines;
}

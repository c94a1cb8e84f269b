// The page of a search filtered by equality on a summary column (software version, product class,
// manufacturer, OUI). Sorted by last inform, PostgreSQL walks DeviceLastInform's index and tests each
// device until the page is full: cheap for a release most devices run, but one of 0.3-0.8 % of a million
// devices fills a page of 50 only after 13,000-32,000 devices walked (100-200 ms at 1M on the loaded
// reference machine, plus the count alongside). Collected from the column's index and sorted, its
// 2,700-8,000 matches take 15-35 ms, exact count included (search.ts, searchMatchesFirst).
import type { DeviceFilter, DeviceSearch } from "../../lib/devices/search-query";
import type { MatchEstimate } from "./search-parameter-page";

/**
 * The planner multiplies the shares of the filters it is given, though a release belongs to one kind
 * of device: "software version + kind" is underestimated up to 2.5× (1,129 for 2,665 gateways). Up to
 * half the cap, a collect that finds more than the cap after all costs one bounded query (~35 ms)
 * before the ordinary walk.
 */
const COLLECT_UP_TO_SHARE_OF_CAP = 0.5;

/** Whether the search names a summary column whose statistics the estimate comes from. */
export function filtersSummaryColumn(filter: DeviceFilter): boolean {
  return Boolean(filter.softwareVersion || filter.productClass || filter.manufacturer || filter.oui);
}

/** Collect every match and sort them, rather than walk the sort order, for a search estimated to match few devices. */
export function collectsColumnMatches(
  filter: DeviceFilter,
  estimate: MatchEstimate | undefined,
  cap: number,
): boolean {
  if (!filtersSummaryColumn(filter) || !estimate) return false;
  return estimate.matches <= cap * COLLECT_UP_TO_SHARE_OF_CAP;
}

/**
 * Whether the page is walked in last-inform order without parallel workers (walkSerially). For a release
 * of ~1 % of a million devices the walk visits ~5,000-8,000 devices: with workers (Gather Merge) 30-290 ms
 * on the loaded 2-core reference machine, serially 5-33 ms, as for the parameter = value walk.
 */
export function walksWithoutWorkers(search: Pick<DeviceSearch, "sort"> & DeviceFilter): boolean {
  return search.sort === "lastInform" && filtersSummaryColumn(search);
}

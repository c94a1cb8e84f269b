// Device searches never look at audience data (TR-135 AudienceStats), for any role: "which boxes
// watched channel X" is exactly the per-household question the audience reports exist to refuse
// (purpose limitation; they publish aggregates over at least k households). A filter or column on an
// audience path is refused where a search enters (list, count, saved search, bulk selection); a stored
// one that predates the rule matches nothing (search-sql.ts) and its column reads nothing
// (search-columns.ts, csv.ts).
import { AppError } from "../core/app-error";
import type { DeviceFilter } from "../../lib/devices/search-query";
import { mentionsAudience } from "./audience-visibility";

export const AUDIENCE_SEARCH_REFUSED =
  "Audience parameters cannot be searched or shown as columns: viewing is reported only as aggregates (Audience)";

/** Refuses a filter or column set that names an audience path. */
export function assertSearchable(filter: Pick<DeviceFilter, "param">, columns?: readonly string[]): void {
  const paths = [...(filter.param ? [filter.param.path] : []), ...(columns ?? [])];
  if (paths.some(mentionsAudience)) throw new AppError("invalid_input", AUDIENCE_SEARCH_REFUSED);
}

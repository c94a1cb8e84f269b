// The alarms page's filters as the URL carries them (shared by the server page and the client controls).
import type { ALARM_SEVERITIES } from "@/lib/monitoring/alarm-schema";

export const ALARM_STATE_FILTERS = ["open", "raised", "cleared", "all"] as const;
export type AlarmStateFilter = (typeof ALARM_STATE_FILTERS)[number];
export interface AlarmFilterValues {
  state: AlarmStateFilter;
  severity?: (typeof ALARM_SEVERITIES)[number];
  unacknowledged: boolean;
}

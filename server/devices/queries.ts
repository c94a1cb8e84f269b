// Read-only device queries for the console. The search itself lives in search.ts / search-sql.ts;
// this module keeps the names older callers import.
export { DEFAULT_INFORM_INTERVAL_S, ONLINE_GRACE_S, isOnline } from "./search-sql";
export { searchDevices as listDevices, type DeviceListRow, type DeviceSearchResult } from "./search";

// The device page's tabs as they appear in its URL (`?tab=`), so a link or a reload opens the same tab.

export const DEVICE_TABS = [
  "tasks",
  "profiles",
  "software",
  "stream-quality",
  "diagnostics",
  "history",
  "notes",
] as const;
export type DeviceTab = (typeof DEVICE_TABS)[number];
export const DEFAULT_DEVICE_TAB: DeviceTab = "tasks";

/** The tab a `?tab=` value names; anything else (missing, a stale link, a typo) opens Tasks. */
export function parseDeviceTab(value: string | null): DeviceTab {
  return DEVICE_TABS.find((t) => t === value) ?? DEFAULT_DEVICE_TAB;
}

/** The page's query string with `tab` set; the default tab keeps the URL bare. Other parameters stay. */
export function withDeviceTab(search: string, tab: DeviceTab): string {
  const query = new URLSearchParams(search);
  if (tab === DEFAULT_DEVICE_TAB) query.delete("tab");
  else query.set("tab", tab);
  const text = query.toString();
  return text ? `?${text}` : "";
}

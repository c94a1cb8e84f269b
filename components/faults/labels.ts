// Words for the faults page. Pure, so the labels are tested and read the same on every row.

/** The windows the page offers (the server accepts any 1..90 days). */
export const WINDOWS = [
  { days: 1, label: "24 h" },
  { days: 7, label: "7 days" },
  { days: 30, label: "30 days" },
  { days: 90, label: "90 days" },
] as const;

export type WindowDays = (typeof WINDOWS)[number]["days"];

export const DEFAULT_DAYS: WindowDays = 7;

/** A `?days=` value from the URL; anything else is the default window. */
export function windowFromParam(value: string | string[] | undefined): WindowDays {
  const n = Number(Array.isArray(value) ? value[0] : value);
  return WINDOWS.find((w) => w.days === n)?.days ?? DEFAULT_DAYS;
}

export function windowLabel(days: number): string {
  return days === 1 ? "the last 24 hours" : `the last ${days} days`;
}

// TR-069 Amendment 6, table of CPE fault codes: what a help-desk agent reads next to the number.
const CPE_FAULTS: Record<number, string> = {
  9000: "Method not supported",
  9001: "Request denied",
  9002: "Internal error",
  9003: "Invalid arguments",
  9004: "Resources exceeded",
  9005: "Invalid parameter name",
  9006: "Invalid parameter type",
  9007: "Invalid parameter value",
  9008: "Parameter not writable",
  9009: "Notification request rejected",
  9010: "Download failure",
  9011: "Upload failure",
  9012: "File server authentication failure",
  9013: "Unsupported transfer protocol",
  9014: "Cannot join multicast group",
  9015: "Cannot contact file server",
  9016: "Cannot access file",
  9017: "Cannot complete download",
  9018: "File corrupted",
  9019: "File authentication failure",
};

/** The code's name; 0 is ours: the task failed without a CPE fault code (no answer, invalid answer). */
export function faultCodeLabel(code: number): string {
  if (code === 0) return "No CPE fault code";
  return CPE_FAULTS[code] ?? (code >= 9800 ? "Vendor fault" : "Fault");
}

export function taskLabel(task: string | null): string {
  return task ?? "No task (session or CPE report)";
}

export function modelLabel(g: { manufacturer: string; productClass: string; modelName: string }): string {
  const model = [g.productClass, g.modelName && g.modelName !== g.productClass ? `(${g.modelName})` : ""]
    .filter(Boolean)
    .join(" ");
  return [g.manufacturer, model].filter(Boolean).join(" ") || "Unknown model";
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString("en")} ${n === 1 ? one : many}`;
}

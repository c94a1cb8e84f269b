// What a BulkData HTTP body decodes to, whatever its encoding: the reports it carries (a CPE sends
// several retained reports in one body), each a flat parameter path -> value map and its collection
// time. Decoding refuses a malformed body whole (ReportError -> 4xx): nothing of it is stored.

export interface BulkReport {
  /** CollectionTime / ReportTimestamp as ms since the epoch; null for None or a time since boot */
  collectionTime: number | null;
  values: Map<string, string>;
}

export class ReportError extends Error {
  constructor(
    readonly status: 400 | 413 | 415,
    message: string,
  ) {
    super(message);
  }
}

/** Reports and parameters per body: far above what a real profile sends, bounded all the same. */
export const MAX_REPORTS = 1_000;
export const MAX_VALUES = 200_000;

/** Unix-Epoch is milliseconds in TR-181 2.x and seconds in the TR-069 Annex N examples: both accepted. */
const YEAR_2000_S = 946_684_800;
const MS_FLOOR = 100_000_000_000;

/** A timestamp as a CPE encodes it (number or ISO-8601 text); null = no absolute time. */
export function parseTimestamp(raw: unknown): number | null {
  if (raw === undefined || raw === null || raw === "") return null;
  if (typeof raw === "number" || (typeof raw === "string" && /^\s*\d{1,16}\s*$/.test(raw))) {
    const n = Number(raw);
    if (!Number.isFinite(n) || n < 0) throw new ReportError(400, "invalid timestamp");
    if (n >= MS_FLOOR) return n;
    // Smaller than year 2000 in seconds: the CPE had no time and sent its uptime.
    return n >= YEAR_2000_S ? n * 1000 : null;
  }
  if (typeof raw === "string") {
    const t = Date.parse(raw.trim());
    if (/^\d{4}-\d{2}-\d{2}T/.test(raw.trim()) && Number.isFinite(t))
      return t < Date.UTC(2000, 0, 1) ? null : t;
  }
  throw new ReportError(400, "invalid timestamp");
}

export function addValue(report: BulkReport, name: string, value: string, count: { n: number }): void {
  if (name === "" || name.length > 1024) throw new ReportError(400, "invalid parameter name");
  if (++count.n > MAX_VALUES) throw new ReportError(413, "too many parameters");
  report.values.set(name, value);
}

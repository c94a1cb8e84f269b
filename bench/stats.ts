// Pure helpers for the benchmark's numbers (tested in stats.test.ts).

/** Nearest-rank percentile (p in 0..100) of an ascending-sorted sample; NaN when empty. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const rank = Math.ceil((Math.min(100, Math.max(0, p)) / 100) * n);
  return sorted[Math.min(n - 1, Math.max(0, rank - 1))] ?? Number.NaN;
}

export interface LatencySummary {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

/** Summarise latencies (ms); sorts a copy. */
export function summarize(latencies: ArrayLike<number>): LatencySummary {
  const sorted = Float64Array.from(latencies).sort();
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.length ? (sorted[sorted.length - 1] ?? Number.NaN) : Number.NaN,
  };
}

/** value / ceiling, or undefined when either is missing or the ceiling is zero. */
export function ratio(value: number | undefined, ceiling: number | undefined): number | undefined {
  if (value === undefined || ceiling === undefined || !(ceiling > 0)) return undefined;
  return value / ceiling;
}

/** Parses "VmRSS:	  123456 kB" out of /proc/<pid>/status text; bytes, or undefined. */
export function parseVmRss(status: string): number | undefined {
  const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  return m?.[1] ? Number(m[1]) * 1024 : undefined;
}

/** Extracts the text of the first cwmp:ID header element from an envelope, or undefined. */
export function headerId(xml: string): string | undefined {
  const at = xml.indexOf(":ID");
  if (at < 0) return undefined;
  const open = xml.indexOf(">", at);
  const close = xml.indexOf("</", open);
  if (open < 0 || close < 0) return undefined;
  return xml.slice(open + 1, close);
}

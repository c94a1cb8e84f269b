// The confirmation's text for a group retry, from the server's preview. Pure, tested.
import { plural } from "./labels";

export interface RetryPreview {
  total: number;
  retryable: number;
  skipped: { reason: string }[];
  limit: number;
}

/** Skipped tasks counted per reason, the most frequent first. */
export function skippedByReason(skipped: { reason: string }[]): { reason: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const s of skipped) counts.set(s.reason, (counts.get(s.reason) ?? 0) + 1);
  return [...counts].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count);
}

/** Task ids in reasons ("task 12 carried …") differ per row; group on the words instead. */
export function reasonKind(reason: string): string {
  return reason.replace(/\btask \d+\b/g, "the task");
}

export function retrySentence(task: string, p: RetryPreview): string {
  if (p.retryable === 0) return `None of the ${plural(p.total, "device")} has a ${task} that may be retried.`;
  const more =
    p.total > p.limit ? ` The group has ${plural(p.total, "device")}; ${p.limit} are taken per run.` : "";
  return `Queue the latest failed ${task} again on ${plural(p.retryable, "device")} (one task each).${more}`;
}

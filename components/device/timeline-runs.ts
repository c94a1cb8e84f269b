// Periodic informs fill a device's history (one every few minutes, all day): consecutive ones that
// carry nothing but "2 PERIODIC" are shown as one run, "12 periodic informs 09:00–10:00", which the
// operator can expand. Anything else between them (a task, a BOOT) ends the run.

export interface RunnableItem {
  at: Date;
  key: string;
  kind: string;
  detail: Record<string, unknown>;
}

export type TimelineEntry<T> = { type: "item"; item: T } | { type: "run"; key: string; items: T[] };

/** Runs shorter than this stay as single rows: collapsing two rows saves nothing. */
export const MIN_RUN = 3;

export function isPlainPeriodic(item: RunnableItem): boolean {
  if (item.kind !== "inform") return false;
  const events = item.detail.events;
  return Array.isArray(events) && events.length === 1 && String(events[0]).trim() === "2 PERIODIC";
}

export function collapsePeriodicRuns<T extends RunnableItem>(items: readonly T[]): TimelineEntry<T>[] {
  const out: TimelineEntry<T>[] = [];
  let run: T[] = [];
  const flush = () => {
    if (run.length >= MIN_RUN) out.push({ type: "run", key: `run-${run[0]!.key}`, items: run });
    else for (const item of run) out.push({ type: "item", item });
    run = [];
  };
  for (const item of items) {
    if (isPlainPeriodic(item)) {
      run.push(item);
      continue;
    }
    flush();
    out.push({ type: "item", item });
  }
  flush();
  return out;
}

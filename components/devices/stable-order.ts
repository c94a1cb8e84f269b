// Rows never move under the pointer: the list polls every few seconds and, sorted by last inform, its
// first rows would reorder on every refresh, so a click could open the wrong box. The rows keep the
// order the operator sees; fresh data is merged into them, and the rows that would move (or newly
// match) are counted so the page can offer "N devices updated — refresh order". Pure: testable alone.

export interface Identified {
  id: number;
}

/**
 * The rows in the order shown, each with its freshest data. A shown row the fresh page no longer has
 * (it moved to another page or stopped matching) keeps its last data until the order is refreshed. A
 * newly matching device is added below the shown rows (nothing above it moves), while the page has
 * room: devices appear live, and only a refresh puts them in their sorted place.
 */
export function mergeIntoShown<R extends Identified>(shown: readonly R[], fresh: readonly R[]): R[] {
  const byId = new Map(fresh.map((r) => [r.id, r]));
  const shownIds = new Set(shown.map((r) => r.id));
  const merged = shown.map((r) => byId.get(r.id) ?? r);
  const room = Math.max(0, fresh.length - shown.length);
  return [...merged, ...fresh.filter((r) => !shownIds.has(r.id)).slice(0, room)];
}

/** How many rows the fresh order would move, add or drop compared with the shown order. */
export function pendingChanges(shown: readonly Identified[], fresh: readonly Identified[]): number {
  const shownAt = new Map(shown.map((r, i) => [r.id, i]));
  const freshIds = new Set(fresh.map((r) => r.id));
  let changed = 0;
  fresh.forEach((r, i) => {
    if (shownAt.get(r.id) !== i) changed += 1;
  });
  for (const r of shown) if (!freshIds.has(r.id)) changed += 1;
  return changed;
}

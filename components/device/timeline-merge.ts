// Entries that arrived while the device page is open are read with a since-cursor (the newest entry
// shown) and put in front of the first loaded page; older pages and their cursors stay as they are.

export interface MergeableItem {
  at: Date;
  key: string;
}

/** An infinite query's data: pages of items, newest page first (its page params are kept as they are). */
export interface MergeablePages<T extends MergeableItem> {
  pages: { items: T[] }[];
}

/** The newest entry shown, the since-cursor of the next incremental read; null before anything. */
export function newestCursor<T extends MergeableItem>(
  pages: readonly { items: readonly T[] }[],
): { at: string; key: string } | null {
  const newest = pages[0]?.items[0];
  return newest ? { at: newest.at.toISOString(), key: newest.key } : null;
}

/**
 * `newer` (newest first) in front of the first page. An entry already shown (a read that raced another)
 * is not shown twice, and the result stays ordered newest first by (at, key).
 */
export function prependNewer<T extends MergeableItem, D extends MergeablePages<T>>(
  data: D,
  newer: readonly T[],
): D {
  const [first, ...rest] = data.pages;
  if (!first || newer.length === 0) return data;
  const shown = new Set(data.pages.flatMap((p) => p.items.map((i) => i.key)));
  const fresh = newer.filter((i) => !shown.has(i.key));
  if (fresh.length === 0) return data;
  const items = [...fresh, ...first.items].sort(
    (a, b) => b.at.getTime() - a.at.getTime() || (a.key < b.key ? 1 : a.key > b.key ? -1 : 0),
  );
  // The first page keeps its other fields (its cursor to the older pages).
  const pages = [{ ...first, items }, ...rest] as D["pages"];
  return { ...data, pages };
}

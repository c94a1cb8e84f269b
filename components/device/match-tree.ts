// Search matches (paths in path order) arranged as the tree they sit in: every ancestor object of a
// match becomes a node, expanded, so the page shows each match where it lives in the tree.

export interface MatchNode<T> {
  /** the object path ("Device.Hosts.") or the parameter path */
  path: string;
  name: string;
  object: boolean;
  /** the match itself when this node matched; null for an ancestor shown only to place matches */
  match: T | null;
  children: MatchNode<T>[];
}

export function buildMatchTree<T extends { path: string }>(matches: readonly T[]): MatchNode<T>[] {
  const roots: MatchNode<T>[] = [];
  const objects = new Map<string, MatchNode<T>>();
  const objectNode = (path: string): MatchNode<T> => {
    const known = objects.get(path);
    if (known) return known;
    const segments = path.slice(0, -1).split(".");
    const node: MatchNode<T> = { path, name: segments.at(-1)!, object: true, match: null, children: [] };
    objects.set(path, node);
    const parent = segments.length > 1 ? objectNode(`${segments.slice(0, -1).join(".")}.`) : null;
    (parent ? parent.children : roots).push(node);
    return node;
  };
  for (const m of matches) {
    if (m.path.endsWith(".")) {
      objectNode(m.path).match = m;
      continue;
    }
    const cut = m.path.lastIndexOf(".");
    const leaf: MatchNode<T> = {
      path: m.path,
      name: m.path.slice(cut + 1),
      object: false,
      match: m,
      children: [],
    };
    (cut >= 0 ? objectNode(m.path.slice(0, cut + 1)).children : roots).push(leaf);
  }
  return roots;
}

/** The key that moves focus among the visible tree items (WAI-ARIA tree pattern): new index, or null. */
export function moveIndex(key: string, index: number, count: number): number | null {
  if (count === 0) return null;
  switch (key) {
    case "ArrowDown":
      return Math.min(count - 1, index + 1);
    case "ArrowUp":
      return Math.max(0, index - 1);
    case "Home":
      return 0;
    case "End":
      return count - 1;
    default:
      return null;
  }
}

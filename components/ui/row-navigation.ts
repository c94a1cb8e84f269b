/**
 * Keyboard row focus for DataTable (roving tabindex): which row index a key moves to, or null when
 * the key is not a navigation key. Pure, so the rules are unit-tested apart from the DOM.
 */
export function nextRowIndex(current: number, key: string, count: number, pageStep = 10): number | null {
  if (count <= 0) return null;
  const clamp = (i: number) => Math.min(count - 1, Math.max(0, i));
  switch (key) {
    case "ArrowDown":
      return clamp(current + 1);
    case "ArrowUp":
      return clamp(current - 1);
    case "Home":
      return 0;
    case "End":
      return count - 1;
    case "PageDown":
      return clamp(current + pageStep);
    case "PageUp":
      return clamp(current - pageStep);
    default:
      return null;
  }
}

/** The row that keeps the tab stop when the rows change: the same index while it exists. */
export function clampActiveRow(active: number, count: number): number {
  return count === 0 ? 0 : Math.min(Math.max(0, active), count - 1);
}

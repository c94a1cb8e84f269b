import type { ColumnVisibilityState } from "@tanstack/react-table";

/** Where a table's hidden columns are kept in localStorage. */
export function visibilityStorageKey(persistKey: string): string {
  return `vantage:columns:${persistKey}`;
}

/** Only the columns the operator hid or showed are stored: `{ "<column id>": false }`. */
export function encodeVisibility(visibility: ColumnVisibilityState): string {
  return JSON.stringify(visibility);
}

/**
 * What was stored, restricted to columns that still exist and may be hidden. Anything else (bad JSON,
 * another shape, a column renamed since, a value that is not a boolean) is ignored, so an old or
 * tampered entry never hides an identity column or breaks the page.
 */
export function decodeVisibility(raw: string | null, hideableIds: readonly string[]): ColumnVisibilityState {
  if (!raw) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return {};
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return {};
  const stored = parsed as Record<string, unknown>;
  const result: ColumnVisibilityState = {};
  for (const id of hideableIds) {
    const value = Object.hasOwn(stored, id) ? stored[id] : undefined;
    if (typeof value === "boolean") result[id] = value;
  }
  return result;
}

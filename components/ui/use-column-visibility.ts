"use client";

import type { ColumnVisibilityState } from "@tanstack/react-table";
import { useCallback, useEffect, useState } from "react";
import { decodeVisibility, encodeVisibility, visibilityStorageKey } from "./column-visibility-storage";

interface VisibilityColumn {
  id: string;
  hideable?: boolean;
  defaultHidden?: boolean;
}

/**
 * A table's column visibility, starting from the columns' defaults; with a `persistKey`, restored from
 * and saved to localStorage. Returns the state and a setter that saves.
 */
export function useColumnVisibility(
  columns: readonly VisibilityColumn[],
  persistKey: string | undefined,
): [ColumnVisibilityState, (next: ColumnVisibilityState) => void] {
  const [visibility, setVisibility] = useState<ColumnVisibilityState>(() =>
    Object.fromEntries(columns.filter((c) => c.defaultHidden).map((c) => [c.id, false])),
  );
  // A string, so a caller that builds its columns on every render does not re-run the effect.
  const hideableIds = columns
    .filter((c) => c.hideable !== false)
    .map((c) => c.id)
    .join("\n");

  // Read after mount, never during render: the server has no localStorage, and a first render that
  // differed from the server's HTML would be a hydration mismatch.
  useEffect(() => {
    if (!persistKey) return;
    const stored = decodeVisibility(readStorage(visibilityStorageKey(persistKey)), hideableIds.split("\n"));
    if (Object.keys(stored).length === 0) return;
    setVisibility((prev) => ({ ...prev, ...stored }));
  }, [persistKey, hideableIds]);

  // Saved only on the operator's own change, so the defaults of the first render never overwrite what
  // was stored before the restoring effect has run.
  const change = useCallback(
    (next: ColumnVisibilityState) => {
      setVisibility(next);
      if (persistKey) writeStorage(visibilityStorageKey(persistKey), encodeVisibility(next));
    },
    [persistKey],
  );
  return [visibility, change];
}

// localStorage throws when storage is disabled (some private modes, a full quota): the table then
// simply forgets its columns when the page closes.
function readStorage(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}

function writeStorage(key: string, value: string): void {
  try {
    window.localStorage.setItem(key, value);
  } catch {
    // Not persisted; the choice still applies until the page closes.
  }
}

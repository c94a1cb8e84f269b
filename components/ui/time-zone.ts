"use client";

import { useSyncExternalStore } from "react";

const noop = () => () => {};

/**
 * The browser's IANA time zone, or null during server rendering and hydration (the server cannot
 * know it), so zone-dependent text renders after mount without a hydration mismatch.
 */
export function useTimeZone(): string | null {
  return useSyncExternalStore(
    noop,
    () => Intl.DateTimeFormat().resolvedOptions().timeZone,
    () => null,
  );
}

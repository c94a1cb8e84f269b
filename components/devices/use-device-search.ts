"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useMemo, useRef } from "react";
import type { DeviceSearch } from "@/lib/devices/search-query";
import { filterOf, searchFromParams, searchToParams } from "@/lib/devices/search-url";

export type SearchPatch = Partial<DeviceSearch>;

/**
 * The device search lives in the URL: links can be shared and the back button restores the previous
 * search. Discrete changes (a filter, the order, a page) push a history entry; typing replaces the
 * current one so Back does not step through every keystroke.
 */
export function useDeviceSearch() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const key = params.toString();
  // Re-parse only when the query string changes, so the search object is stable between renders.
  const search = useMemo(() => searchFromParams(new URLSearchParams(key)), [key]);
  const filter = useMemo(() => filterOf(search), [search]);
  // router.push updates the URL only when its transition commits; a second change made before then
  // (two quick selects) must build on the first, not on the URL still showing.
  const pending = useRef<string | null>(null);
  useEffect(() => {
    pending.current = null;
  }, [key]);

  const update = useCallback(
    (patch: SearchPatch, opts: { replace?: boolean; keepPage?: boolean } = {}) => {
      const base = pending.current === null ? search : searchFromParams(new URLSearchParams(pending.current));
      const next: SearchPatch = { ...base, ...patch };
      // Any change of filters or order starts again at page 1.
      if (!opts.keepPage && patch.page === undefined) next.page = 1;
      for (const k of Object.keys(patch) as (keyof DeviceSearch)[])
        if (patch[k] === undefined) delete next[k];
      const query = searchToParams(next).toString();
      if (query === (pending.current ?? key)) return;
      pending.current = query;
      const url = query ? `${pathname}?${query}` : pathname;
      if (opts.replace) router.replace(url, { scroll: false });
      else router.push(url, { scroll: false });
    },
    [search, key, pathname, router],
  );

  /** Applies a whole search (a saved one), dropping whatever was set before. */
  const apply = useCallback(
    (next: SearchPatch) => {
      const query = searchToParams({ ...next, page: 1 }).toString();
      pending.current = query;
      router.push(query ? `${pathname}?${query}` : pathname, { scroll: false });
    },
    [pathname, router],
  );

  return { search, filter, query: key, update, apply };
}

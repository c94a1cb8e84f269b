"use client";

import { useCallback, useState } from "react";
import { mergeIntoShown, pendingChanges, type Identified } from "./stable-order";

/**
 * The rows to show for a polled list: the first answer for a search fixes the order; later answers
 * only update the rows' data until `refreshOrder` is called. `key` names the search the rows answer
 * (a new search, order or page starts fresh); `fresh` is undefined while that answer is pending.
 */
export function useStableRows<R extends Identified>(key: string, fresh: R[] | undefined) {
  const [shown, setShown] = useState<{ key: string; rows: R[] } | null>(null);
  // Adopting a new search's first answer during render (not in an effect) avoids one frame showing
  // the previous search's rows in the new search's order.
  if (fresh && shown?.key !== key) setShown({ key, rows: fresh });
  const current = shown?.key === key ? shown.rows : undefined;
  const rows = current && fresh ? mergeIntoShown(current, fresh) : current;
  // Against what is on screen (new devices included): how many rows a refresh would put elsewhere.
  const pending = rows && fresh ? pendingChanges(rows, fresh) : 0;
  const refreshOrder = useCallback(() => {
    if (fresh) setShown({ key, rows: fresh });
  }, [fresh, key]);
  return { rows, pending, refreshOrder };
}

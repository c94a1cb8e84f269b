"use client";

import { useQuery } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { BULK_ACTION_PERMISSION, type BulkActionName } from "@/server/bulk/schema";
import type { DeviceFilter } from "@/server/devices/search-query";
import { useTRPC } from "@/trpc/react";
import { BulkActionForm } from "./bulk-action-form";

export type BulkSelectionProp = { deviceIds: number[] } | { filter: DeviceFilter };

/**
 * "Bulk actions" for the selected devices or a whole search result: a dialog to choose the action,
 * review it, and start the background job. Offers only the actions the role may take on one device;
 * hidden for roles without devices.bulk or without any of those actions.
 */
export function BulkActions({ selection, total }: { selection: BulkSelectionProp; total: number }) {
  const trpc = useTRPC();
  const me = useQuery(trpc.session.me.queryOptions(undefined, { staleTime: 60_000 }));
  const dialog = useRef<HTMLDialogElement>(null);
  // Remounting the form on every opening starts it fresh.
  const [opening, setOpening] = useState(0);
  const [open, setOpen] = useState(false);

  const permissions = me.data?.permissions ?? [];
  const actions = (Object.keys(BULK_ACTION_PERMISSION) as BulkActionName[]).filter((a) =>
    permissions.includes(BULK_ACTION_PERMISSION[a]),
  );
  if (!permissions.includes("devices.bulk") || actions.length === 0) return null;

  function show() {
    setOpening((n) => n + 1);
    setOpen(true);
    dialog.current?.showModal();
  }
  function close() {
    dialog.current?.close();
  }

  return (
    <>
      <Button variant="secondary" onClick={show} disabled={total === 0} aria-haspopup="dialog">
        Bulk actions{total > 0 ? ` (${total.toLocaleString()})` : ""}
      </Button>
      <dialog
        ref={dialog}
        aria-labelledby="bulk-dialog-title"
        onClose={() => setOpen(false)}
        className="m-auto w-full max-w-lg rounded-lg border border-slate-200 bg-white p-0 shadow-xl backdrop:bg-slate-900/40"
      >
        <div className="p-5">
          <h2 id="bulk-dialog-title" className="text-lg font-semibold text-slate-900">
            Bulk action on {total.toLocaleString()} {total === 1 ? "device" : "devices"}
          </h2>
          <p className="mt-1 text-sm text-slate-600">
            {"deviceIds" in selection
              ? "Applies to the selected devices."
              : "Applies to every device matching the current search, including devices added before the job reaches them."}
          </p>
          {open ? (
            <BulkActionForm
              key={opening}
              actions={actions}
              selection={selection}
              total={total}
              onClose={close}
            />
          ) : null}
        </div>
      </dialog>
    </>
  );
}

"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { BULK_ACTION_PERMISSION, type BulkActionName } from "@/lib/bulk/schema";
import type { DeviceFilter } from "@/lib/devices/search-query";
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
  const [open, setOpen] = useState(false);

  const permissions = me.data?.permissions ?? [];
  const actions = (Object.keys(BULK_ACTION_PERMISSION) as BulkActionName[]).filter((a) =>
    permissions.includes(BULK_ACTION_PERMISSION[a]),
  );
  if (!permissions.includes("devices.bulk") || actions.length === 0) return null;

  return (
    <>
      <Button variant="secondary" onClick={() => setOpen(true)} disabled={total === 0} aria-haspopup="dialog">
        Bulk actions{total > 0 ? ` (${total.toLocaleString()})` : ""}
      </Button>
      {/* The Dialog mounts its content only while open: each opening starts a fresh form. */}
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        title={`Bulk action on ${total.toLocaleString()} ${total === 1 ? "device" : "devices"}`}
        description={
          "deviceIds" in selection
            ? "Applies to the selected devices."
            : "Applies to every device matching the current search, including devices added before the job reaches them."
        }
      >
        <BulkActionForm
          actions={actions}
          selection={selection}
          total={total}
          onClose={() => setOpen(false)}
        />
      </Dialog>
    </>
  );
}

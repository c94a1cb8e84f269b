"use client";

import type { ReactNode } from "react";
import { Button } from "./button";
import { Dialog } from "./dialog";

/**
 * "Are you sure?" for one action. The confirm button takes the focus first unless the action is
 * destructive (then Cancel does, so a stray Enter changes nothing). Usage:
 *   <ConfirmDialog open={pending !== null} title="Change role?" description="…"
 *     confirmText="Change role" onConfirm={apply} onCancel={() => setPending(null)} />
 */
export function ConfirmDialog({
  open,
  title,
  description,
  confirmText,
  cancelText = "Cancel",
  danger = false,
  busy = false,
  onConfirm,
  onCancel,
}: {
  open: boolean;
  title: ReactNode;
  description: ReactNode;
  confirmText: string;
  cancelText?: string;
  danger?: boolean;
  busy?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  return (
    <Dialog open={open} onClose={onCancel} title={title} description={description} size="sm">
      <div className="flex justify-end gap-2 pt-2">
        <Button variant="secondary" onClick={onCancel} data-autofocus={danger ? true : undefined}>
          {cancelText}
        </Button>
        <Button
          className={danger ? "bg-red-700 hover:bg-red-800" : undefined}
          onClick={onConfirm}
          disabled={busy}
          data-autofocus={danger ? undefined : true}
        >
          {confirmText}
        </Button>
      </div>
    </Dialog>
  );
}

"use client";

import { useRef, type ReactNode } from "react";
import { Button } from "@/components/ui/button";

/** A button whose action runs only after the operator confirms it in a modal dialog. */
export function ConfirmButton({
  label,
  title,
  description,
  confirmText,
  onConfirm,
  disabled,
  danger = true,
  small,
  children,
}: {
  label: string;
  title: string;
  description: string;
  confirmText: string;
  onConfirm: () => void;
  disabled?: boolean;
  danger?: boolean;
  small?: boolean;
  children: ReactNode;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = `${label.replace(/\W+/g, "-")}-title`;
  return (
    <>
      <Button
        variant={small ? "ghost" : "secondary"}
        className={small ? "h-6 px-2 py-0 text-xs" : undefined}
        aria-label={label}
        disabled={disabled}
        onClick={() => dialog.current?.showModal()}
      >
        {children}
      </Button>
      <dialog
        ref={dialog}
        aria-labelledby={titleId}
        className="m-auto w-full max-w-md rounded-lg p-0 shadow-xl backdrop:bg-slate-900/40"
      >
        <div className="space-y-3 p-5">
          <h2 id={titleId} className="text-base font-semibold text-slate-900">
            {title}
          </h2>
          <p className="text-sm text-slate-600">{description}</p>
          <div className="flex justify-end gap-2 pt-2">
            <Button variant="secondary" onClick={() => dialog.current?.close()}>
              Cancel
            </Button>
            <Button
              className={danger ? "bg-red-700 hover:bg-red-800" : undefined}
              onClick={() => {
                dialog.current?.close();
                onConfirm();
              }}
            >
              {confirmText}
            </Button>
          </div>
        </div>
      </dialog>
    </>
  );
}

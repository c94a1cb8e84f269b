"use client";

import { clsx } from "clsx";
import { useEffect, useId, useRef, type ReactNode } from "react";

/**
 * A modal dialog on the native <dialog>: showModal() makes the rest of the page inert (the focus
 * trap), Escape closes it, and focus goes back to where it was. Controlled: the parent owns `open`
 * and hears every way it closes (Escape, a Close button, the backdrop) through onClose. The content
 * is mounted only while open, so forms inside start fresh each time. Mark the control that should
 * take the focus on opening with data-autofocus (React's autoFocus runs before showModal()). Usage:
 *   <Dialog open={open} onClose={() => setOpen(false)} title="Bulk action">…</Dialog>
 */
export function Dialog({
  open,
  onClose,
  title,
  description,
  size = "md",
  children,
}: {
  open: boolean;
  onClose: () => void;
  title: ReactNode;
  description?: ReactNode;
  size?: "sm" | "md" | "lg";
  children: ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const returnTo = useRef<Element | null>(null);
  const titleId = useId();
  const descriptionId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      returnTo.current = document.activeElement;
      dialog.showModal();
      // showModal() focuses the first focusable element; a child marked data-autofocus wins.
      dialog.querySelector<HTMLElement>("[data-autofocus]")?.focus();
    } else if (!open && dialog.open) {
      dialog.close();
    }
  }, [open]);

  function closed() {
    const target = returnTo.current;
    if (target instanceof HTMLElement && target.isConnected) target.focus();
    onClose();
  }

  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      aria-describedby={description ? descriptionId : undefined}
      onClose={closed}
      // A click on the backdrop lands on the <dialog> itself (its content box is the inner div).
      onClick={(e) => {
        if (e.target === e.currentTarget) ref.current?.close();
      }}
      className={clsx(
        "m-auto w-[calc(100%-2rem)] rounded-lg border border-slate-200 bg-white p-0 shadow-xl backdrop:bg-slate-900/40",
        size === "sm" ? "max-w-md" : size === "md" ? "max-w-lg" : "max-w-3xl",
      )}
    >
      {open ? (
        <div className="space-y-3 p-5">
          <h2 id={titleId} className="text-lg font-semibold text-slate-900">
            {title}
          </h2>
          {description ? (
            <div id={descriptionId} className="text-sm text-slate-600">
              {description}
            </div>
          ) : null}
          {children}
        </div>
      ) : null}
    </dialog>
  );
}

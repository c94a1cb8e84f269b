"use client";

import { clsx } from "clsx";
import { useId, useState, type ReactNode } from "react";

/**
 * A short text shown while the trigger is hovered or focused, linked by aria-describedby so screen
 * readers read it too. Escape hides it (WCAG 1.4.13). Usage:
 *   <Tooltip content="2026-01-15 12:00:00 UTC"><time tabIndex={0}>5 min ago</time></Tooltip>
 * The child must be focusable when the tooltip carries information a keyboard user needs.
 */
export function Tooltip({
  content,
  children,
  side = "top",
  open: shown = false,
}: {
  content: ReactNode;
  children: ReactNode;
  side?: "top" | "bottom";
  /** Also shown while true: when focus sits on an ancestor (a tree row), not on the trigger itself. */
  open?: boolean;
}) {
  const id = useId();
  const [open, setOpen] = useState(false);
  return (
    <span
      className="relative inline-flex"
      aria-describedby={id}
      onMouseEnter={() => setOpen(true)}
      onMouseLeave={() => setOpen(false)}
      onFocus={() => setOpen(true)}
      onBlur={() => setOpen(false)}
      onKeyDown={(e) => {
        if (e.key === "Escape") setOpen(false);
      }}
    >
      {children}
      <span
        id={id}
        role="tooltip"
        // Hidden, it is only screen-reader text: none of the bubble's sizing classes, which would
        // otherwise outrank sr-only and keep a full-width box in the layout.
        className={
          open || shown
            ? clsx(
                "pointer-events-none absolute left-1/2 z-30 w-max max-w-xs -translate-x-1/2 rounded bg-slate-900 px-2 py-1 text-xs font-normal whitespace-normal text-white shadow",
                side === "top" ? "bottom-full mb-1" : "top-full mt-1",
              )
            : "sr-only"
        }
      >
        {content}
      </span>
    </span>
  );
}

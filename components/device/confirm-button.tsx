"use client";

import { useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";

/** A button whose action runs only after the operator confirms it (components/ui ConfirmDialog). */
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
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button
        variant={small ? "ghost" : "secondary"}
        className={small ? "h-6 px-2 py-0 text-xs" : undefined}
        aria-label={label}
        disabled={disabled}
        onClick={() => setOpen(true)}
      >
        {children}
      </Button>
      <ConfirmDialog
        open={open}
        title={title}
        description={description}
        confirmText={confirmText}
        danger={danger}
        onCancel={() => setOpen(false)}
        onConfirm={() => {
          setOpen(false);
          onConfirm();
        }}
      />
    </>
  );
}

"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { DECISION_TEXT, type Decision } from "./use-identity";

/** Accept / Reject of one open conflict, each after a confirmation that says what it means. */
export function DecideButtons({
  conflictId,
  serialNumber,
  disabled,
  small,
  onDecide,
}: {
  conflictId: number;
  serialNumber: string;
  disabled?: boolean;
  small?: boolean;
  onDecide: (decision: Decision) => void;
}) {
  const [asking, setAsking] = useState<Decision | null>(null);
  const text = asking ? DECISION_TEXT[asking] : null;
  const button = (decision: Decision, word: string) => (
    <Button
      variant={small ? "ghost" : "secondary"}
      className={small ? "h-7 px-2 py-0 text-xs" : undefined}
      aria-label={`${word} conflict #${conflictId}`}
      aria-haspopup="dialog"
      disabled={disabled}
      onClick={() => setAsking(decision)}
    >
      {word}
    </Button>
  );
  return (
    <div className="flex gap-2">
      {button("accept", "Accept")}
      {button("reject", "Reject")}
      <ConfirmDialog
        open={text !== null}
        title={text ? `${text.title} (${serialNumber})` : ""}
        description={text?.description ?? ""}
        confirmText={text?.confirm ?? ""}
        // Accepting lets the shared credentials re-provision the device: the riskier choice.
        danger={asking === "accept"}
        onConfirm={() => {
          if (asking) onDecide(asking);
          setAsking(null);
        }}
        onCancel={() => setAsking(null)}
      />
    </div>
  );
}

"use client";

import { ConfirmButton } from "@/components/device/confirm-button";
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
  const button = (decision: Decision, word: string) => {
    const text = DECISION_TEXT[decision];
    return (
      <ConfirmButton
        label={`${word} conflict #${conflictId}`}
        title={`${text.title} (${serialNumber})`}
        description={text.description}
        confirmText={text.confirm}
        danger={decision === "accept"}
        small={small}
        disabled={disabled}
        onConfirm={() => onDecide(decision)}
      >
        {word}
      </ConfirmButton>
    );
  };
  return (
    <div className="flex gap-2">
      {button("accept", "Accept")}
      {button("reject", "Reject")}
    </div>
  );
}

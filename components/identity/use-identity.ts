"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { useState } from "react";
import type { AppRouter } from "@/server/api/root";
import { useTRPC } from "@/trpc/react";

type Outputs = inferRouterOutputs<AppRouter>;
export type ConflictRow = Outputs["identity"]["deviceConflicts"][number];
export type ConflictState = ConflictRow["state"];
export type Decision = "accept" | "reject";

/** What each decision does, said the same way on the fleet list and on the device page. */
export const DECISION_TEXT: Record<Decision, { title: string; description: string; confirm: string }> = {
  accept: {
    title: "Accept: the device was factory-reset",
    description:
      "Use this when the real device lost its settings (factory reset, replaced flash). Its own ACS " +
      "credentials are cleared; its next BOOTSTRAP with the shared credentials is admitted and it is " +
      "given new credentials. If this was an impostor, it becomes the device.",
    confirm: "Accept and re-provision",
  },
  reject: {
    title: "Reject: this is not the device",
    description:
      "Use this when something else is using the device's identity. The device keeps its own ACS " +
      "credentials and Informs with the shared credentials stay refused; a new attempt opens a new conflict.",
    confirm: "Reject and keep refusing",
  },
};

/** Accept or reject a conflict; every identity query (lists, banner, credentials line) refetches after. */
export function useDecideConflict() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [message, setMessage] = useState<{ text: string; error?: boolean } | null>(null);
  const mutation = useMutation(
    trpc.identity.decide.mutationOptions({
      onSuccess: (row) => {
        setMessage({
          text:
            row.state === "accepted"
              ? `Conflict #${row.id} accepted: ${row.serialNumber} is re-provisioned at its next BOOTSTRAP.`
              : `Conflict #${row.id} rejected: shared-credential Informs for ${row.serialNumber} stay refused.`,
        });
      },
      onError: (e) => setMessage({ text: `Decision refused: ${e.message}`, error: true }),
      onSettled: () => void queryClient.invalidateQueries(trpc.identity.pathFilter()),
    }),
  );
  return { mutation, message };
}

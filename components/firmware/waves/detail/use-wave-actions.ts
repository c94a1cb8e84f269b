"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/trpc/react";

export type WaveAction =
  "start" | "pause" | "resume" | "abort" | "rollbackFailed" | { rollbackStage: number };

/**
 * The wave's operator actions, each asked for in a confirmation dialog first: `asking` is the action
 * whose dialog is open. Every success refreshes all of the wave's queries.
 */
export function useWaveActions(id: number) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [asking, setAsking] = useState<WaveAction | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const options = {
    onSuccess: async () => {
      setAsking(null);
      await queryClient.invalidateQueries(trpc.waves.pathFilter());
    },
    onError: (e: { message: string }) => {
      setAsking(null);
      setError(e.message);
    },
  };
  const start = useMutation(trpc.waves.start.mutationOptions(options));
  const pause = useMutation(trpc.waves.pause.mutationOptions(options));
  const resume = useMutation(trpc.waves.resume.mutationOptions(options));
  const abort = useMutation(trpc.waves.abort.mutationOptions(options));
  const rollback = useMutation(
    trpc.waves.rollback.mutationOptions({
      ...options,
      onSuccess: async ({ queued }) => {
        setNotice(
          queued === 0
            ? "No device needed a rollback."
            : `Rollback queued for ${queued} device${queued === 1 ? "" : "s"}.`,
        );
        await options.onSuccess();
      },
    }),
  );

  function run(action: WaveAction) {
    setError(null);
    setNotice(null);
    if (action === "start") start.mutate({ id });
    else if (action === "pause") pause.mutate({ id });
    else if (action === "resume") resume.mutate({ id });
    else if (action === "abort") abort.mutate({ id });
    else if (action === "rollbackFailed") rollback.mutate({ id });
    else rollback.mutate({ id, stage: action.rollbackStage });
  }

  const busy =
    start.isPending || pause.isPending || resume.isPending || abort.isPending || rollback.isPending;
  return { asking, setAsking, run, busy, error, notice };
}
export type WaveActions = ReturnType<typeof useWaveActions>;

"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import type { ProfileSave } from "@/lib/profiles/input";
import { useTRPC } from "@/trpc/react";
import type { RefusedReason } from "./form-types";

export type Pending = { mode: "preview" | "save"; profile: ProfileSave };

/**
 * Preview, then save: a preview alone shows what the profile would touch; saving an enabled profile
 * shows the same preview and waits for a confirmation. A save the server refuses brings its rows back.
 */
export function useSaveFlow(id: number | null) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [pending, setPending] = useState<Pending | null>(null);
  const [refused, setRefused] = useState<RefusedReason[]>([]);
  const [notice, setNotice] = useState<string | null>(null);

  const preview = useQuery(
    trpc.profiles.preview.queryOptions(
      {
        id,
        definition: pending?.profile.definition ?? { triggers: ["boot"] },
        priority: pending?.profile.priority ?? 0,
      },
      { enabled: pending !== null, staleTime: 0, gcTime: 0 },
    ),
  );

  const save = useMutation(
    trpc.profiles.save.mutationOptions({
      onSuccess: async (result) => {
        setPending(null);
        if (!result.ok) {
          setRefused(result.refused);
          setNotice(`Not saved: ${result.refused.length} row(s) refused, see the reasons next to them.`);
          return;
        }
        setRefused([]);
        setNotice(`Saved as version ${result.version}.`);
        await queryClient.invalidateQueries(trpc.profiles.pathFilter());
        if (id === null) router.push(`/profiles/${result.id}`);
      },
      onError: (error) => {
        setPending(null);
        setNotice(`Not saved: ${error.message}`);
      },
    }),
  );

  return {
    pending,
    preview,
    refused,
    notice,
    saving: save.isPending,
    /** An enabled profile goes through the preview first; a disabled one touches no device yet. */
    submit: (profile: ProfileSave) => {
      setNotice(null);
      if (profile.enabled) setPending({ mode: "save", profile });
      else save.mutate({ id, profile });
    },
    showPreview: (profile: ProfileSave) => setPending({ mode: "preview", profile }),
    confirm: () => {
      if (pending) save.mutate({ id, profile: pending.profile });
    },
    cancel: () => setPending(null),
    clearRefused: () => setRefused([]),
  };
}

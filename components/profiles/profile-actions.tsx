"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { useTRPC } from "@/trpc/react";

/** Enable / disable and delete, each confirmed: both change what devices are driven towards. */
export function ProfileActions({ id, name, enabled }: { id: number; name: string; enabled: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [asking, setAsking] = useState<"toggle" | "delete" | null>(null);
  const [error, setError] = useState<string | null>(null);
  const done = async () => {
    setAsking(null);
    await queryClient.invalidateQueries(trpc.profiles.pathFilter());
  };
  const toggle = useMutation(
    trpc.profiles.setEnabled.mutationOptions({ onSuccess: done, onError: (e) => setError(e.message) }),
  );
  const remove = useMutation(
    trpc.profiles.delete.mutationOptions({
      onSuccess: async () => {
        await done();
        router.push("/profiles");
      },
      onError: (e) => setError(e.message),
    }),
  );
  return (
    <div className="flex flex-wrap items-center gap-2">
      <Button variant="secondary" onClick={() => setAsking("toggle")}>
        {enabled ? "Disable" : "Enable"}
      </Button>
      <Button variant="secondary" className="text-red-800" onClick={() => setAsking("delete")}>
        Delete
      </Button>
      {error ? (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
      <ConfirmDialog
        open={asking === "toggle"}
        title={enabled ? `Disable ${name}?` : `Enable ${name}?`}
        description={
          enabled
            ? "Devices keep their current values; the profile stops applying at their next sessions."
            : "Matching devices get this profile's values at their next triggering session."
        }
        confirmText={enabled ? "Disable" : "Enable"}
        busy={toggle.isPending}
        onConfirm={() => toggle.mutate({ id, enabled: !enabled })}
        onCancel={() => setAsking(null)}
      />
      <ConfirmDialog
        open={asking === "delete"}
        title={`Delete ${name}?`}
        description="The profile and its device states are deleted; values already set on devices stay."
        confirmText="Delete"
        danger
        busy={remove.isPending}
        onConfirm={() => remove.mutate({ id })}
        onCancel={() => setAsking(null)}
      />
    </div>
  );
}

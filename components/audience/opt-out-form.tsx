"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Input, Label } from "@/components/ui/input";
import { useTRPC } from "@/trpc/react";

/** Records one household's opt-out (subscriber id, else gateway serial, as the ACS knows it). */
export function OptOutForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const id = useId();
  const [household, setHousehold] = useState("");
  const [note, setNote] = useState("");
  const optOut = useMutation(
    trpc.audience.optOut.mutationOptions({
      onSuccess: () => {
        setHousehold("");
        setNote("");
        return queryClient.invalidateQueries(trpc.audience.pathFilter());
      },
    }),
  );
  function submit(e: FormEvent) {
    e.preventDefault();
    if (household.trim()) optOut.mutate({ household: household.trim(), note: note.trim() });
  }
  return (
    <form
      onSubmit={submit}
      className="space-y-2 rounded-lg border border-slate-200 bg-white p-4"
      data-testid="optout-add"
      aria-labelledby={`${id}-title`}
    >
      <h2 id={`${id}-title`} className="text-sm font-semibold text-slate-800">
        Record an opt-out
      </h2>
      <div className="grid gap-2 sm:grid-cols-2">
        <div>
          <Label htmlFor={`${id}-household`}>Household</Label>
          <Input
            id={`${id}-household`}
            value={household}
            maxLength={256}
            required
            placeholder="Subscriber id or gateway serial"
            onChange={(e) => setHousehold(e.target.value)}
          />
        </div>
        <div>
          <Label htmlFor={`${id}-note`}>Note</Label>
          <Input
            id={`${id}-note`}
            value={note}
            maxLength={500}
            placeholder="e.g. phone call, ticket number"
            onChange={(e) => setNote(e.target.value)}
          />
        </div>
      </div>
      <Button type="submit" disabled={optOut.isPending || !household.trim()}>
        {optOut.isPending ? "Recording…" : "Record opt-out"}
      </Button>
      <div aria-live="polite">
        {optOut.error ? (
          <p role="alert" className="text-sm text-red-700">
            {optOut.error.message}
          </p>
        ) : optOut.data ? (
          <p className="text-sm text-emerald-800" data-testid="optout-added">
            Opt-out recorded; {optOut.data.deleted} stored viewing session
            {optOut.data.deleted === 1 ? "" : "s"} deleted.
          </p>
        ) : null}
      </div>
    </form>
  );
}

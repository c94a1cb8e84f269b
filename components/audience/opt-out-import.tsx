"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { useTRPC } from "@/trpc/react";
import { ImportOutcome } from "@/components/ui/import-outcome";

/** The router's limit on the CSV text (4 MiB); checked here first so a big file fails with a reason. */
const MAX_FILE_BYTES = 4 * 1024 * 1024;

/** Opt-outs from a CSV (household[,note]), e.g. a CRM export: each bad line reported, the others kept. */
export function OptOutImport() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const id = useId();
  const [file, setFile] = useState<File | null>(null);
  const [localError, setLocalError] = useState<string | null>(null);
  const m = useMutation(
    trpc.audience.importOptOuts.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries(trpc.audience.pathFilter()),
    }),
  );
  async function submit(e: FormEvent) {
    e.preventDefault();
    setLocalError(null);
    if (!file) return setLocalError("Choose a CSV file first.");
    if (file.size > MAX_FILE_BYTES) return setLocalError("The file is larger than 4 MiB: split it.");
    const csv = await file.text();
    if (!csv.trim()) return setLocalError("The file is empty.");
    m.mutate({ csv });
  }
  const result = m.data;
  return (
    <form
      onSubmit={submit}
      className="space-y-2 rounded-lg border border-slate-200 bg-white p-4"
      data-testid="optout-import"
      aria-labelledby={`${id}-title`}
    >
      <h2 id={`${id}-title`} className="text-sm font-semibold text-slate-800">
        Import opt-outs
      </h2>
      <p className="text-xs text-slate-600">
        Columns: <code>household</code> and optionally <code>note</code>, with a header line. Bad lines are
        reported with their number; the others are recorded.
      </p>
      <div className="flex flex-wrap items-center gap-2">
        <label htmlFor={`${id}-file`} className="sr-only">
          Opt-outs CSV file
        </label>
        <input
          id={`${id}-file`}
          type="file"
          accept=".csv,text/csv"
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          className="max-w-full min-w-0 text-sm"
        />
        <Button type="submit" disabled={m.isPending}>
          {m.isPending ? "Importing…" : "Import"}
        </Button>
      </div>
      <ImportOutcome
        error={localError ?? m.error?.message}
        result={result}
        testId="optout-import-result"
        summary={
          result ? (
            <>
              Recorded {result.imported} opt-outs; {result.skipped} skipped.
            </>
          ) : null
        }
      />
    </form>
  );
}

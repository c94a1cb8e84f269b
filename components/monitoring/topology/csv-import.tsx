"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { useTRPC } from "@/trpc/react";
import { ImportOutcome } from "@/components/ui/import-outcome";

/** Bytes the browser reads before refusing (the server's own limit is MAX_IMPORT_BYTES, 32 MiB). */
const MAX_FILE_BYTES = 32 * 1024 * 1024;

/** One CSV import (topology or line-up): pick a file, send its text, show what was kept and each bad line. */
export function CsvImport({
  kind,
  title,
  header,
}: {
  kind: "topology" | "lineup";
  title: string;
  header: readonly string[];
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const inputId = useId();
  const [file, setFile] = useState<File | null>(null);
  const [localError, setLocalError] = useState<string | null>(null);
  const options = { onSuccess: () => queryClient.invalidateQueries(trpc.topology.pathFilter()) };
  const topology = useMutation(trpc.topology.importTopology.mutationOptions(options));
  const lineup = useMutation(trpc.topology.importLineup.mutationOptions(options));
  const m = kind === "topology" ? topology : lineup;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setLocalError(null);
    if (!file) return setLocalError("Choose a CSV file first.");
    if (file.size > MAX_FILE_BYTES) return setLocalError("The file is larger than 32 MiB: split it.");
    m.mutate({ csv: await file.text() });
  }

  const result = m.data;
  return (
    <form
      onSubmit={submit}
      className="space-y-2 rounded-lg border border-slate-200 bg-white p-4"
      data-testid={`import-${kind}`}
    >
      <h3 className="text-sm font-semibold text-slate-800">{title}</h3>
      <p className="text-xs text-slate-600">
        Columns: <code className="break-all">{header.join(",")}</code>. Bad rows are reported with their line;
        the others are kept.
      </p>
      <div className="flex flex-wrap items-center gap-2">
        <label htmlFor={inputId} className="sr-only">
          {title} file
        </label>
        <input
          id={inputId}
          type="file"
          accept=".csv,text/csv"
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          className="min-w-0 max-w-full text-sm"
        />
        <Button type="submit" disabled={m.isPending}>
          {m.isPending ? "Importing…" : "Import"}
        </Button>
      </div>
      <ImportOutcome
        error={localError ?? m.error?.message}
        result={result}
        testId={`import-${kind}-result`}
        summary={
          result ? (
            <>
              Imported {result.imported} rows; {result.skipped} skipped.
            </>
          ) : null
        }
      />
    </form>
  );
}

"use client";

import { useMutation } from "@tanstack/react-query";
import type { inferRouterInputs } from "@trpc/server";
import { Button } from "@/components/ui/button";
import type { AppRouter } from "@/server/api/root";
import { useTRPC } from "@/trpc/react";

export type ExportInput = inferRouterInputs<AppRouter>["audience"]["exportCsv"];

/** Hands `csv` to the browser as a file download (no server round trip for the bytes again). */
function saveCsv(filename: string, csv: string): void {
  const url = URL.createObjectURL(new Blob([csv], { type: "text/csv;charset=utf-8" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  // The download has started from the click; the URL is no longer needed after this turn.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** "Export CSV" of the view's published aggregates (the server builds it and logs the export). */
export function ExportButton({ input, disabled }: { input: ExportInput | null; disabled?: boolean }) {
  const trpc = useTRPC();
  const exportCsv = useMutation(
    trpc.audience.exportCsv.mutationOptions({ onSuccess: (r) => saveCsv(r.filename, r.csv) }),
  );
  return (
    <div className="flex items-center gap-2">
      <Button
        variant="secondary"
        disabled={disabled || !input || exportCsv.isPending}
        onClick={() => input && exportCsv.mutate(input)}
      >
        {exportCsv.isPending ? "Exporting…" : "Export CSV"}
      </Button>
      {exportCsv.error ? (
        <p role="alert" className="text-sm text-red-700">
          Export failed: {exportCsv.error.message}
        </p>
      ) : null}
    </div>
  );
}

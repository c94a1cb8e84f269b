"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type ChangeEvent } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { useTRPC } from "@/trpc/react";
import { errorMessage } from "./error-message";
import { fieldAria, FormField } from "./form-field";
import { ErrorNotice, SuccessNotice } from "./notices";

// Mirrors the server's cap (server/datamodel/imports.ts); checked here to fail before uploading.
const MAX_BYTES = 4 * 1024 * 1024;

export function DataModelImportForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [xml, setXml] = useState<string>();
  const [name, setName] = useState("");
  const [fileError, setFileError] = useState<string>();
  const [imported, setImported] = useState<string>();
  // Bumped after an import so the file input forgets the file it held.
  const [fileKey, setFileKey] = useState(0);
  const preview = useMutation(trpc.datamodel.preview.mutationOptions());
  const save = useMutation(
    trpc.datamodel.import.mutationOptions({
      onSuccess: async (_result, input) => {
        setImported(input.name);
        setXml(undefined);
        setName("");
        setFileKey((k) => k + 1);
        preview.reset();
        await queryClient.invalidateQueries({ queryKey: trpc.datamodel.imports.queryKey() });
      },
    }),
  );

  async function choose(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    setImported(undefined);
    setFileError(undefined);
    preview.reset();
    save.reset();
    setXml(undefined);
    if (!file) return;
    if (file.size > MAX_BYTES) return setFileError("The file is larger than 4 MiB");
    const text = await file.text();
    setXml(text);
    setName((current) => current || file.name.replace(/\.xml$/i, ""));
    preview.mutate({ xml: text });
  }

  const summary = preview.data;
  const error = fileError ?? (preview.error ? errorMessage(preview.error) : undefined);
  return (
    <form
      aria-label="Import a vendor data model"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (xml && summary) save.mutate({ name: name.trim(), xml });
      }}
      className="space-y-4 rounded-lg border border-slate-200 bg-white p-4 shadow-xs"
    >
      <h2 className="text-base font-semibold text-slate-900">Import a vendor data model</h2>
      {imported ? <SuccessNotice>Imported “{imported}”.</SuccessNotice> : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField id="dm-file" label="Data model XML file" error={error}>
          <input
            key={fileKey}
            type="file"
            accept=".xml,application/xml,text/xml"
            onChange={(e) => void choose(e)}
            className="block w-full text-sm file:mr-3 file:rounded-md file:border-0 file:bg-slate-100 file:px-3 file:py-2"
            {...fieldAria("dm-file", error)}
          />
        </FormField>
        <FormField id="dm-name" label="Import name">
          <Input
            {...fieldAria("dm-name", undefined)}
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
        </FormField>
      </div>
      {preview.isPending ? <p className="text-sm text-slate-600">Checking the document…</p> : null}
      {summary ? (
        <section aria-label="What this import adds" className="space-y-2 rounded-md bg-slate-50 p-3 text-sm">
          <p>
            <strong>{summary.models.join(", ")}</strong>: {summary.objectCount} objects,{" "}
            {summary.parameterCount} parameters ({summary.newParameterCount} new).
          </p>
          <ul className="list-inside list-disc font-mono text-xs text-slate-700">
            {summary.samplePaths.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </section>
      ) : null}
      {save.error ? <ErrorNotice>{errorMessage(save.error)}</ErrorNotice> : null}
      <Button type="submit" disabled={!summary || !name.trim() || save.isPending}>
        {save.isPending ? "Importing…" : "Import"}
      </Button>
    </form>
  );
}

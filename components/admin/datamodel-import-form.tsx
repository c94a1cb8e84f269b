"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type ChangeEvent } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Form, FormError, useZodForm } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import { dataModelImportForm, MAX_IMPORT_BYTES } from "@/lib/datamodel/import-schema";
import { useTRPC } from "@/trpc/react";
import { errorMessage } from "./error-message";
import { nameAfterFileChoice, nameOfFile } from "./import-name";
import { SuccessNotice } from "./notices";

export function DataModelImportForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [xml, setXml] = useState<string>();
  const form = useZodForm(dataModelImportForm, { defaultValues: { name: "" } });
  // The name the last chosen file suggested: while the name field still holds it, a new file replaces it.
  const [suggested, setSuggested] = useState<string>();
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
        form.reset({ name: "" });
        setSuggested(undefined);
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
    if (file.size > MAX_IMPORT_BYTES)
      return setFileError(`The file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MiB`);
    const text = await file.text();
    setXml(text);
    form.setValue("name", nameAfterFileChoice(form.getValues("name"), suggested, file.name), {
      shouldValidate: form.formState.isSubmitted,
    });
    setSuggested(nameOfFile(file.name));
    preview.mutate({ xml: text });
  }

  const summary = preview.data;
  const submit = form.handleSubmit(({ name }) => {
    if (xml && summary) save.mutate({ name, xml });
  });
  const error = fileError ?? (preview.error ? errorMessage(preview.error) : undefined);
  return (
    <Form
      aria-label="Import a vendor data model"
      onSubmit={submit}
      className="space-y-4 rounded-lg border border-slate-200 bg-white p-4 shadow-xs"
    >
      <h2 className="text-base font-semibold text-slate-900">Import a vendor data model</h2>
      {imported ? <SuccessNotice>Imported “{imported}”.</SuccessNotice> : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id="dm-file" label="Data model XML file" error={error}>
          <input
            key={fileKey}
            type="file"
            accept=".xml,application/xml,text/xml"
            onChange={(e) => void choose(e)}
            className="block w-full text-sm file:mr-3 file:rounded-md file:border-0 file:bg-slate-100 file:px-3 file:py-2"
          />
        </Field>
        <Field
          id="dm-name"
          label="Import name"
          hint="Follows the chosen file until you type one."
          error={form.formState.errors.name?.message}
        >
          <Input {...form.register("name")} />
        </Field>
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
      {save.error ? <FormError>{errorMessage(save.error)}</FormError> : null}
      <Button type="submit" disabled={!summary || save.isPending}>
        {save.isPending ? "Importing…" : "Import"}
      </Button>
    </Form>
  );
}

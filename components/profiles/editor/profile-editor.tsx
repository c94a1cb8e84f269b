"use client";

import { useEffect, useMemo, useState } from "react";
import { Button } from "@/components/ui/button";
import { Form } from "@/components/ui/form";
import { useZodForm } from "@/components/ui/form";
import { profileSaveSchema, type ProfileSave, type ProfileSaveInput } from "@/lib/profiles/input";
import { AttributeRows } from "./attribute-rows";
import { GeneralFields } from "./general-fields";
import { ObjectTables } from "./object-tables";
import { ParameterRows } from "./parameter-rows";
import { PreconditionFields } from "./precondition-fields";
import { PreviewDialogs } from "./preview-dialogs";
import { draftsFromStored, secretNamesAfterSave, secretsForSave, type SecretDraft } from "./secrets";
import { SecretsFields } from "./secrets-fields";
import { useInlineCheck } from "./use-inline-check";
import { useSaveFlow } from "./use-save-flow";

const SECTION = "space-y-3 rounded-lg border border-slate-200 bg-white p-4";

/**
 * The profile editor, on the save schema of lib/profiles/input.ts. Rows are checked against the data
 * model as they are typed (profiles.check); a save the server refuses shows its reasons the same way.
 * Without profiles.write everything is shown read-only.
 */
export function ProfileEditor({
  id,
  initial,
  storedSecrets,
  readOnly,
}: {
  id: number | null;
  initial: ProfileSaveInput;
  storedSecrets: string[];
  readOnly: boolean;
}) {
  const form = useZodForm(profileSaveSchema, { defaultValues: initial });
  const [drafts, setDrafts] = useState<SecretDraft[]>(() => draftsFromStored(storedSecrets));
  const [secretProblems, setSecretProblems] = useState<string[]>([]);
  const secretNames = useMemo(() => secretNamesAfterSave(drafts), [drafts]);
  const check = useInlineCheck(form, secretNames);
  const flow = useSaveFlow(id);
  const { clearRefused } = flow;

  // A refused save's reasons describe the rows as they were; the first edit after it retires them.
  useEffect(() => {
    const sub = form.watch(() => clearRefused());
    return () => sub.unsubscribe();
  }, [form, clearRefused]);

  const refused = useMemo(() => {
    const seen = new Set<string>();
    return [...check.refused, ...flow.refused].filter((r) => {
      const key = `${r.row}|${r.reason}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }, [check.refused, flow.refused]);

  function withSecrets(values: ProfileSave, then: (p: ProfileSave) => void) {
    const secrets = secretsForSave(drafts);
    if (!secrets.ok) return setSecretProblems(secrets.problems);
    setSecretProblems([]);
    then({ ...values, secrets: secrets.secrets });
  }

  const formError =
    secretProblems.length > 0
      ? secretProblems.join("; ")
      : flow.notice?.startsWith("Not saved")
        ? flow.notice
        : undefined;
  return (
    <Form
      aria-label="Profile"
      className="space-y-4"
      onSubmit={form.handleSubmit((v) => withSecrets(v, flow.submit))}
      error={formError}
    >
      <fieldset disabled={readOnly} className="space-y-4">
        <div className={SECTION}>
          <GeneralFields form={form} readOnly={readOnly} />
        </div>
        <div className={SECTION}>
          <PreconditionFields form={form} refused={refused} readOnly={readOnly} />
        </div>
        <div className={SECTION}>
          <ParameterRows form={form} refused={refused} readOnly={readOnly} />
        </div>
        <div className={SECTION}>
          <AttributeRows form={form} refused={refused} readOnly={readOnly} />
        </div>
        <div className={SECTION}>
          <ObjectTables form={form} refused={refused} readOnly={readOnly} />
        </div>
        <div className={SECTION}>
          <SecretsFields drafts={drafts} onChange={setDrafts} readOnly={readOnly} />
        </div>
      </fieldset>
      <div className="flex flex-wrap items-center gap-3">
        {readOnly ? null : (
          <>
            <Button type="submit" disabled={flow.saving}>
              Save
            </Button>
            <Button variant="secondary" onClick={form.handleSubmit((v) => withSecrets(v, flow.showPreview))}>
              Preview
            </Button>
          </>
        )}
        <span role="status" className="text-sm text-slate-600">
          {check.checking
            ? "Checking against the data model…"
            : refused.length > 0
              ? `${refused.length} row(s) refused by the data model`
              : ""}
          {flow.notice && !flow.notice.startsWith("Not saved") ? flow.notice : ""}
        </span>
      </div>
      <PreviewDialogs flow={flow} />
    </Form>
  );
}

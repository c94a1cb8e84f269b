"use client";

import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/input";
import type { SecretDraft } from "./secrets";

/**
 * Secrets referenced as ${secret:name}. Stored values never come back from the server: a stored secret
 * shows only its name, with keep / replace / remove.
 */
export function SecretsFields({
  drafts,
  onChange,
  readOnly,
}: {
  drafts: SecretDraft[];
  onChange: (next: SecretDraft[]) => void;
  readOnly: boolean;
}) {
  const update = (i: number, patch: Partial<SecretDraft>) =>
    onChange(drafts.map((d, j) => (j === i ? { ...d, ...patch } : d)));
  return (
    <fieldset className="space-y-2" disabled={readOnly}>
      <legend className="text-base font-semibold text-slate-900">Secrets</legend>
      {drafts.length === 0 ? <p className="text-sm text-slate-600">No secrets.</p> : null}
      <ul className="space-y-2" aria-label="Secrets">
        {drafts.map((d, i) => (
          <li
            key={i}
            className="grid gap-2 sm:grid-cols-[minmax(0,1fr)_9rem_minmax(0,2fr)_auto] sm:items-center"
          >
            {d.stored ? (
              <span className="font-mono text-sm">{d.name}</span>
            ) : (
              <Input
                aria-label={`Secret ${i + 1} name`}
                className="font-mono"
                value={d.name}
                onChange={(e) => update(i, { name: e.target.value })}
              />
            )}
            {d.stored ? (
              <Select
                aria-label={`What to do with secret ${d.name}`}
                value={d.mode}
                onChange={(e) => update(i, { mode: e.target.value as SecretDraft["mode"], value: "" })}
              >
                <option value="keep">Keep</option>
                <option value="replace">Replace</option>
                <option value="remove">Remove</option>
              </Select>
            ) : (
              <span className="text-sm text-slate-600">New</span>
            )}
            {d.mode === "replace" && !readOnly ? (
              <Input
                type="password"
                autoComplete="new-password"
                aria-label={`Secret ${d.name || i + 1} value`}
                value={d.value}
                onChange={(e) => update(i, { value: e.target.value })}
              />
            ) : (
              <span className="text-sm text-slate-600">
                {d.mode === "remove" ? "Deleted on save" : "Stored value kept"}
              </span>
            )}
            {!d.stored && !readOnly ? (
              <Button variant="ghost" onClick={() => onChange(drafts.filter((_, j) => j !== i))}>
                Remove
              </Button>
            ) : (
              <span />
            )}
          </li>
        ))}
      </ul>
      {readOnly ? null : (
        <Button
          variant="secondary"
          onClick={() => onChange([...drafts, { name: "", stored: false, mode: "replace", value: "" }])}
        >
          Add secret
        </Button>
      )}
    </fieldset>
  );
}

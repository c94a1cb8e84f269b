"use client";

import { useQuery } from "@tanstack/react-query";
import { useId } from "react";
import { useController, type Control, type FieldPath } from "react-hook-form";
import { Input } from "@/components/ui/input";
import type { ProfileSaveInput } from "@/lib/profiles/input";
import { useTRPC } from "@/trpc/react";
import { useDebounced } from "./use-debounced";

/**
 * A path field that completes from the data model (datamodel.completePath) through a <datalist>:
 * the browser's own suggestion list, so keyboard and screen-reader behaviour come for free.
 */
export function PathInput({
  control,
  name,
  label,
  invalid,
  describedBy,
  disabled,
}: {
  control: Control<ProfileSaveInput>;
  name: FieldPath<ProfileSaveInput>;
  label: string;
  invalid?: boolean;
  describedBy?: string;
  disabled?: boolean;
}) {
  const { field } = useController({ control, name });
  const listId = useId();
  const value = typeof field.value === "string" ? field.value : "";
  const prefix = useDebounced(value, 250);
  const trpc = useTRPC();
  const completions = useQuery(
    trpc.datamodel.completePath.queryOptions(
      { prefix },
      { enabled: !disabled && prefix.length > 0, staleTime: 60_000 },
    ),
  );
  return (
    <>
      <Input
        aria-label={label}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy}
        list={listId}
        autoComplete="off"
        spellCheck={false}
        className="font-mono"
        name={field.name}
        ref={field.ref}
        value={value}
        onChange={(e) => field.onChange(e.target.value)}
        onBlur={field.onBlur}
        disabled={disabled}
      />
      <datalist id={listId}>
        {(completions.data ?? []).map((c) => (
          <option key={c.path} value={c.path}>
            {c.kind === "parameter" ? `${c.type}${c.writable ? "" : ", read-only"}` : "object"}
          </option>
        ))}
      </datalist>
    </>
  );
}

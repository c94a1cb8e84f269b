"use client";

import { useState } from "react";
import { useController, type Control, type FieldPath } from "react-hook-form";
import { Input } from "@/components/ui/input";
import type { ProfileSaveInput } from "@/lib/profiles/input";

/** "a, b" -> ["a", "b"]: empty items dropped, so a trailing comma while typing is harmless. */
export function splitList(text: string): string[] {
  return text
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/**
 * A comma-separated list bound to a string array. The text is kept as typed (parsing it back on every
 * keystroke would eat the comma just typed); the array follows it.
 */
export function ListInput({
  control,
  name,
  id,
  disabled,
}: {
  control: Control<ProfileSaveInput>;
  name: FieldPath<ProfileSaveInput>;
  id: string;
  disabled?: boolean;
}) {
  const { field } = useController({ control, name });
  const [text, setText] = useState(() =>
    Array.isArray(field.value) ? field.value.map(String).join(", ") : "",
  );
  return (
    <Input
      id={id}
      name={field.name}
      ref={field.ref}
      value={text}
      disabled={disabled}
      onBlur={field.onBlur}
      onChange={(e) => {
        setText(e.target.value);
        field.onChange(splitList(e.target.value));
      }}
    />
  );
}

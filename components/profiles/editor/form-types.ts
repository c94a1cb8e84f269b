import type { UseFormReturn } from "react-hook-form";
import type { ProfileSave, ProfileSaveInput } from "@/lib/profiles/input";

/** The editor's form: the save schema's input while editing, its output once valid. */
export type ProfileForm = UseFormReturn<ProfileSaveInput, unknown, ProfileSave>;

export interface RefusedReason {
  row: string;
  path: string;
  reason: string;
}

/** Reasons for one row ("parameters[2]") or anything under it ("objects[0]" covers its instances). */
export function reasonsFor(refused: readonly RefusedReason[], row: string): string[] {
  return refused
    .filter((r) => r.row === row || r.row.startsWith(`${row}.`) || r.row.startsWith(`${row}[`))
    .map((r) => (r.row === row ? r.reason : `${r.row.slice(row.length + 1)}: ${r.reason}`));
}

import { secretNameSchema } from "@/lib/profiles/definition";

/** One secret in the editor: a stored one (kept, replaced or removed) or a new one. */
export interface SecretDraft {
  name: string;
  stored: boolean;
  mode: "keep" | "replace" | "remove";
  value: string;
}

export function draftsFromStored(names: readonly string[]): SecretDraft[] {
  return names.map((name) => ({ name, stored: true, mode: "keep", value: "" }));
}

/**
 * The save input's secrets (lib/profiles/input.ts): null keeps a stored value, a string replaces it,
 * a name left out is deleted. Returns the problems instead when a draft cannot be sent.
 */
export function secretsForSave(
  drafts: readonly SecretDraft[],
): { ok: true; secrets: Record<string, string | null> } | { ok: false; problems: string[] } {
  const secrets: Record<string, string | null> = {};
  const problems: string[] = [];
  for (const d of drafts) {
    if (d.mode === "remove") continue;
    if (!secretNameSchema.safeParse(d.name).success) problems.push(`"${d.name}" is not a secret name`);
    else if (d.name in secrets) problems.push(`secret "${d.name}" is listed twice`);
    else if (d.stored && d.mode === "keep") secrets[d.name] = null;
    else if (d.value.length === 0) problems.push(`secret "${d.name}" needs a value`);
    else secrets[d.name] = d.value;
  }
  return problems.length ? { ok: false, problems } : { ok: true, secrets };
}

/** Names a ${secret:…} reference may use once saved (for the inline check). */
export function secretNamesAfterSave(drafts: readonly SecretDraft[]): string[] {
  return drafts.filter((d) => d.mode !== "remove" && d.name).map((d) => d.name);
}

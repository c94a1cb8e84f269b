import { describe, expect, it } from "vitest";
import { draftsFromStored, secretNamesAfterSave, secretsForSave, type SecretDraft } from "./secrets";

describe("secretsForSave", () => {
  it("keeps stored secrets as null, sends replacements and new values, leaves removed ones out", () => {
    const [keep, replace, remove] = draftsFromStored(["wifi", "pppoe", "old"]);
    const drafts: SecretDraft[] = [
      keep!,
      { ...replace!, mode: "replace", value: "n3w" },
      { ...remove!, mode: "remove" },
      { name: "fresh", stored: false, mode: "replace", value: "v" },
    ];
    expect(secretsForSave(drafts)).toEqual({ ok: true, secrets: { wifi: null, pppoe: "n3w", fresh: "v" } });
    expect(secretNamesAfterSave(drafts)).toEqual(["wifi", "pppoe", "fresh"]);
  });

  it("refuses a new secret without a value, a bad name and a duplicate", () => {
    const result = secretsForSave([
      { name: "a", stored: false, mode: "replace", value: "" },
      { name: "bad name", stored: false, mode: "replace", value: "x" },
      { name: "b", stored: true, mode: "keep", value: "" },
      { name: "b", stored: false, mode: "replace", value: "y" },
    ]);
    expect(result).toEqual({
      ok: false,
      problems: ['secret "a" needs a value', '"bad name" is not a secret name', 'secret "b" is listed twice'],
    });
  });
});

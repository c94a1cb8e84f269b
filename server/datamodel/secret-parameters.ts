// Parameters whose values are secrets (passwords, keys, passphrases): never stored in the parameter
// document, never shown. Isomorphic: the console and every server path use the one list.
const SECRET = /(Password|Secret|Passphrase|PreSharedKey|KeyPassphrase|WEPKey)$/;

export function isSecretParameter(name: string): boolean {
  return SECRET.test(name);
}

/** What a secret's value looks like wherever it would be shown. */
export const REDACTED = "••••••••";

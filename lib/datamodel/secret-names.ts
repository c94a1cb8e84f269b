// Parameters whose values are secrets (passwords, keys, passphrases), by name alone: what the browser
// knows (it has no data-model facts). server/datamodel/secret-parameters.ts adds the model's
// secured/hidden flag on the server; names cover every parameter the bundled models flag (a test checks).
export const SECRET_NAME =
  /(Password|Secret|Passphrase|PreSharedKey|KeyPassphrase|WEPKey|PIN|EncryptionKey|PrivateKey|MACKey\.[^.]+\.KeyValue|Challenge\.[^.]+\.Value)$/;

/** By name alone: what the browser knows (it has no facts). */
export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

/** What a secret's value looks like wherever it would be shown. */
export const REDACTED = "••••••••";

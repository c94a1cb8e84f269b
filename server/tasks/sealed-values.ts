// Secret values queued in a task (a Wi-Fi passphrase, connection-request or ACS password in a
// SetParameterValues) are sealed in Task.request: the row never holds them in clear, and they are
// opened only when the task is claimed to be sent, so the CPE still receives the real value. What
// the console sees of a request is masked by name (stored-answer.ts), so neither the value nor its
// ciphertext is ever shown.
import type { AcsRequest } from "../cwmp/soap/types";
import { isSecretParameter } from "../datamodel/secret-parameters";
import { isSealed, openSecret, sealSecret } from "../secrets-file";

interface Entry {
  name: string;
  value: string;
}

function isEntry(entry: unknown): entry is Entry {
  if (!entry || typeof entry !== "object") return false;
  const e = entry as { name?: unknown; value?: unknown };
  return typeof e.name === "string" && typeof e.value === "string";
}

/** The entries of a SetParameterValues-shaped value; undefined for anything else (left to the schema). */
function entriesOf(request: unknown): Entry[] | undefined {
  if (!request || typeof request !== "object") return undefined;
  const list = (request as { parameterList?: unknown }).parameterList;
  return Array.isArray(list) && list.every(isEntry) ? list : undefined;
}

function withValues<T>(request: T, change: (entry: Entry) => string): T {
  const withPasswords = withTransferPasswords(request, (password, kind) =>
    change({ name: kind, value: password }),
  );
  const entries = entriesOf(withPasswords);
  if (!entries || (withPasswords as { name?: unknown }).name !== "SetParameterValues") return withPasswords;
  return { ...withPasswords, parameterList: entries.map((e) => ({ ...e, value: change(e) })) };
}

/** A name isSecretParameter always treats as secret: what a transfer's `password` field is. */
const TRANSFER_PASSWORD = "Password";

/**
 * The file-server password of a Download/Upload/ScheduleDownload, and of each ChangeDUState
 * Install/Update operation, changed like a secret parameter value (empty ones are left as they are).
 */
function withTransferPasswords<T>(request: T, change: (password: string, kind: string) => string): T {
  if (!request || typeof request !== "object") return request;
  const r = request as { password?: unknown; operations?: unknown };
  let out: T = request;
  if (typeof r.password === "string" && r.password !== "")
    out = { ...out, password: change(r.password, TRANSFER_PASSWORD) };
  if (Array.isArray(r.operations)) {
    const operations = r.operations.map((op: unknown) => {
      const o = op as { password?: unknown } | null;
      return o && typeof o === "object" && typeof o.password === "string" && o.password !== ""
        ? { ...o, password: change(o.password, TRANSFER_PASSWORD) }
        : op;
    });
    out = { ...out, operations };
  }
  return out;
}

/** A value sealed under the current key, opened; anything else (plain, or only looking sealed) as is. */
function openIfOurs(value: string): string {
  if (!isSealed(value)) return value;
  try {
    return openSecret(value);
  } catch {
    return value;
  }
}

/**
 * A request as it arrives to be queued, with values this server sealed opened again: a retry copies
 * a stored request, and its values must be validated and sealed like fresh ones, never sealed twice.
 */
export function openQueuedValues(request: unknown): unknown {
  return withValues(request, (e) => openIfOurs(e.value));
}

/** The request as Task.request stores it: every secret value sealed. */
export function sealRequestSecrets(request: AcsRequest): AcsRequest {
  return withValues(request, (e) => (isSecretParameter(e.name) ? sealSecret(e.value) : e.value));
}

/**
 * The request as the CPE must receive it. A secret value that does not open (the secrets file holds
 * another key) throws SecretOpenError: the ciphertext is never sent as the value. Legacy plain values
 * pass through; a non-secret value sealed while its parameter was flagged secret is opened too.
 */
export function openRequestSecrets(request: AcsRequest): AcsRequest {
  return withValues(request, (e) => (isSecretParameter(e.name) ? openSecret(e.value) : openIfOurs(e.value)));
}

// Parameters whose values are secrets (passwords, keys, passphrases): never stored in the parameter
// document, never shown, never logged. Names come from lib/datamodel/secret-names.ts (the console uses
// the same definition); on the server the data model registry adds its flag for models imported at
// run time.
import { isSecretName, REDACTED, SECRET_NAME } from "../../lib/datamodel/secret-names";
import { processSlot } from "../core/process-slot";

export { isSecretName, REDACTED };

/** Server-side only: the data model's secured/hidden flag for a concrete path (registry.ts sets it). */
type FlagLookup = (path: string) => boolean;
const slot = processSlot<{ lookup: FlagLookup }>("secretFlag");

export function setSecretFlagLookup(lookup: FlagLookup): void {
  slot.lookup = lookup;
}

export function isSecretParameter(name: string): boolean {
  return SECRET_NAME.test(name) || (slot.lookup?.(name) ?? false);
}

const SECRET_KEY = /(password|passphrase|secret|presharedkey|wepkey|ha1|privatekey)$/i;

/**
 * A JSON value (audit before/after, a task message, a device event payload) with every secret value
 * replaced by REDACTED, at any depth: `{name|path: <secret>, value}` pairs, keys that are secret
 * parameter paths, and keys named like a credential (`password`, `connectionRequestPassword` ...).
 * `target` is the parameter the surrounding record is about (an audit row's target): a plain `value`
 * of a secret target is masked too. Records that a secret changed survive; its value never does.
 */
export function redactSecrets<T>(value: T, target?: string | null): T {
  return redact(value, target ? isSecretParameter(target) : false) as T;
}

function redact(value: unknown, secretTarget: boolean): unknown {
  if (Array.isArray(value)) return value.map((v) => redact(v, secretTarget));
  if (!value || typeof value !== "object" || value instanceof Date) return value;
  const obj = value as Record<string, unknown>;
  const named = [obj.name, obj.path, obj.parameter].some(
    (n) => typeof n === "string" && isSecretParameter(n),
  );
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) {
    const secret =
      ((named || secretTarget) && (k === "value" || k === "v")) ||
      ((isSecretParameter(k) || SECRET_KEY.test(k)) && v !== null && v !== undefined);
    out[k] = secret ? REDACTED : redact(v, secretTarget);
  }
  return out;
}

/** Field paths pino censors in every log line (credentials under any of these keys, one level deep). */
export const LOG_REDACT_PATHS = [
  "password",
  "*.password",
  "passphrase",
  "*.passphrase",
  "secret",
  "*.secret",
  "connectionRequestPassword",
  "*.connectionRequestPassword",
  "cwmpHa1",
  "*.cwmpHa1",
  "authorization",
  "*.authorization",
  "*.headers.authorization",
  "cookie",
  "*.cookie",
  "*.headers.cookie",
];

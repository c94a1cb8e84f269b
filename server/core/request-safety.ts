// Request-level safety shared by every HTTP face (tRPC console, REST API): what a client learns about an
// internal fault (only an id; the log has the details), and strings PostgreSQL can't store.
import { randomBytes } from "node:crypto";
import { logger } from "../logger";

/** What a client is told about a fault on our side: nothing of SQL, stack or internals, only the id. */
export function internalErrorMessage(errorId: string): string {
  return `Internal error (reference ${errorId}); the server log has the details.`;
}

/**
 * Log an unexpected error with a fresh id and return the id, which is all the client learns: the
 * operator quotes it and the administrator finds the real error (SQL, stack) in the log.
 */
export function reportInternalError(error: unknown, path: string | undefined): string {
  const errorId = randomBytes(6).toString("hex");
  logger("trpc").error({ errorId, path, err: error }, "request failed");
  return errorId;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function unstorable(text: string): boolean {
  return text.includes("\u0000") || LONE_SURROGATE.test(text);
}

/**
 * The first string in a request input (object keys included) holding NUL or a lone UTF-16 surrogate,
 * as a path for the error message; undefined when clean. PostgreSQL refuses both in text columns,
 * which would otherwise surface as an internal error deep in a service.
 */
export function findUnstorableString(value: unknown, path = "input", depth = 0): string | undefined {
  if (typeof value === "string") return unstorable(value) ? path : undefined;
  // Deeper than any input schema goes: such a value fails its schema anyway.
  if (depth > 32 || value === null || typeof value !== "object") return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findUnstorableString(value[i], `${path}[${i}]`, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  if (value instanceof Date) return undefined;
  for (const [key, inner] of Object.entries(value)) {
    if (unstorable(key)) return `${path} (a key)`;
    const found = findUnstorableString(inner, `${path}.${key}`, depth + 1);
    if (found) return found;
  }
  return undefined;
}

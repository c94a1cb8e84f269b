// Request ids tie a caller's request to our log lines: the caller's X-Request-Id when it is sane,
// otherwise a fresh one. Only a safe alphabet is kept so the id can't forge log fields or headers.
import { randomUUID } from "node:crypto";

const MAX_REQUEST_ID = 64;

export function requestIdOf(header: string | null): string {
  const cleaned = (header ?? "").replace(/[^A-Za-z0-9._:-]/g, "").slice(0, MAX_REQUEST_ID);
  return cleaned.length > 0 ? cleaned : randomUUID();
}

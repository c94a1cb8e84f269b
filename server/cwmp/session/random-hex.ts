// Random ids for sessions and requests, drawn from a pooled buffer: one randomFillSync (a call into
// the CSPRNG) per 4 KiB instead of one per id, which showed as ~3 % of a periodic session's CPU.
// Every byte is used once, so the ids are as unpredictable as randomBytes'.
import { randomFillSync } from "node:crypto";

const pool = Buffer.alloc(4096);
let offset = pool.length;

/** `bytes` random bytes as lower-case hex (2 × bytes characters). */
export function randomHex(bytes: number): string {
  if (bytes > pool.length) return randomFillSync(Buffer.alloc(bytes)).toString("hex");
  if (offset + bytes > pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const hex = pool.toString("hex", offset, offset + bytes);
  offset += bytes;
  return hex;
}

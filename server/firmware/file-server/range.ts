// HTTP Range (RFC 9110 §14) for the file server: a single byte range, the form CPEs resuming a
// download send. Several ranges (multipart/byteranges) are not served: the whole file is (200), as
// the RFC allows a server to ignore Range.

export type RangeResult =
  | { kind: "full" }
  | { kind: "partial"; start: number; end: number }
  /** Syntactically a single byte range, but none of it lies inside the file: 416. */
  | { kind: "unsatisfiable" };

const SINGLE = /^bytes=(\d{0,15})-(\d{0,15})$/;

/** `header` (the Range request header) against a file of `size` bytes; `end` is inclusive. */
export function parseRange(header: string | undefined, size: number): RangeResult {
  if (header === undefined) return { kind: "full" };
  const m = SINGLE.exec(header.trim());
  // Unknown units, several ranges, garbage: ignored (the full file).
  if (!m) return { kind: "full" };
  const [, first, last] = m as unknown as [string, string, string];
  if (first === "" && last === "") return { kind: "full" };
  if (first === "") {
    // Suffix: the last N bytes.
    const n = Number(last);
    if (n === 0 || size === 0) return { kind: "unsatisfiable" };
    return { kind: "partial", start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(first);
  if (start >= size) return { kind: "unsatisfiable" };
  const end = last === "" ? size - 1 : Math.min(Number(last), size - 1);
  if (end < start) return { kind: "full" }; // invalid range-spec: ignored
  return { kind: "partial", start, end };
}

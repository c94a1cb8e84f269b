// Text as PostgreSQL can store it. A CPE may send any character its XML parser let through, but
// PostgreSQL's text and jsonb reject NUL (U+0000), and jsonb rejects unpaired surrogates (JSON.stringify
// writes them as \ud800 escapes). Such a value is a device's, not an error: it is stored with U+FFFD
// (the replacement character) in their place, so one odd value never fails the device's Informs.
// eslint-disable-next-line no-control-regex -- NUL is exactly what must be found
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// eslint-disable-next-line no-control-regex -- as above
const HAS_UNSTORABLE = /\u0000|[\uD800-\uDFFF]/;

/** Whether PostgreSQL stores `s` as it is (storableText would return it unchanged). */
export function isStorableText(s: string): boolean {
  return !HAS_UNSTORABLE.test(s);
}

export function storableText(s: string): string {
  // Fast path: almost every value is plain text.
  return HAS_UNSTORABLE.test(s) ? s.replace(UNSTORABLE, "\uFFFD") : s;
}

/**
 * A value for an indexed text column: storable and at most `max` characters. A btree index entry
 * must stay under ~2.7 kB, so an over-long value (far past TR-069's own lengths) is cut rather than
 * failing the row; the full value stays in the parameter document.
 */
export function columnText(s: string | undefined, max = 256): string | null {
  if (s === undefined) return null;
  const clean = storableText(s);
  return clean.length <= max ? clean : storableText(clean.slice(0, max));
}

/** An unsignedInt (0..4294967295) as bigint text for SQL, or null when the value is not one. */
export function unsignedIntText(n: number | undefined): string | null {
  return n !== undefined && Number.isSafeInteger(n) && n >= 0 && n <= 4_294_967_295 ? String(n) : null;
}

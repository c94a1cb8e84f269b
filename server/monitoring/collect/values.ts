// Reading CPE-reported values tolerantly: a value that is not what the data model says is null (skipped),
// never a crash and never a made-up number.

const UINT = /^\s*\+?(\d{1,20})\s*$/;
const INT = /^\s*([+-]?\d{1,20})\s*$/;

/** unsignedInt / unsignedLong text (JSON numbers arrive as text too); null when not one. */
export function parseCount(value: string | undefined | null): number | null {
  if (value === undefined || value === null) return null;
  const m = UINT.exec(value);
  if (!m) return null;
  const n = Number(m[1]);
  return Number.isSafeInteger(n) ? n : null;
}

/** int text (margins, attenuation may be negative); null when not one. */
export function parseInteger(value: string | undefined | null): number | null {
  if (value === undefined || value === null) return null;
  const m = INT.exec(value);
  if (!m) return null;
  const n = Number(m[1]);
  return Number.isSafeInteger(n) ? n : null;
}

/** A comma-separated list of unsignedInt (TR-135 Sample lists); an empty or garbage entry is null. */
export function parseList(value: string | undefined): (number | null)[] | null {
  if (value === undefined) return null;
  if (value.trim() === "") return [];
  return value.split(",").map((v) => parseCount(v));
}

/** The Unknown Time of TR-069 (0001-01-01T00:00:00Z) and anything before 2000 mean "no clock". */
const EARLIEST = Date.UTC(2000, 0, 1);

/** An xsd:dateTime (no zone = UTC, as CPEs without a zone mean); null when absent, unknown or garbage. */
export function parseDateTime(value: string | undefined): number | null {
  if (!value) return null;
  const v = value.trim();
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/.test(v)) return null;
  const t = Date.parse(/(Z|[+-]\d{2}:\d{2})$/.test(v) ? v : `${v}Z`);
  return Number.isFinite(t) && t >= EARLIEST ? t : null;
}

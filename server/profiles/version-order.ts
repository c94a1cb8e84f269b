// Software versions compared the way operators read them: segment by segment, digits as numbers
// ("1.10" after "1.9", "2.0.1" after "2.0"), other text as text ("2.1b" after "2.1a"). A missing segment
// sorts first ("2.0" before "2.0.1"). Total and deterministic for any input, so a precondition can never
// fail on an odd version string a CPE reports.
const SEGMENT = /(\d+|[^\d.\-_ ]+)/g;

function segments(version: string): string[] {
  return version.trim().toLowerCase().match(SEGMENT) ?? [];
}

function compareSegment(a: string, b: string): number {
  const an = /^\d+$/.test(a);
  const bn = /^\d+$/.test(b);
  if (an && bn) {
    // Long digit runs compare without Number's precision loss: strip zeros, then length, then text.
    const x = a.replace(/^0+(?=\d)/, "");
    const y = b.replace(/^0+(?=\d)/, "");
    return x.length !== y.length ? x.length - y.length : x < y ? -1 : x > y ? 1 : 0;
  }
  if (an !== bn) return an ? 1 : -1; // "2.0.1" after "2.0.beta": a release after its pre-release
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Negative when a sorts before b, 0 when equal, positive after. */
export function compareVersions(a: string, b: string): number {
  const x = segments(a);
  const y = segments(b);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const s = x[i];
    const t = y[i];
    if (s === undefined) return -1;
    if (t === undefined) return 1;
    const c = compareSegment(s, t);
    if (c !== 0) return Math.sign(c);
  }
  return 0;
}

/** min inclusive, below exclusive; an unset bound does not limit. */
export function inVersionRange(
  version: string,
  range: { min?: string; below?: string } | undefined,
): boolean {
  if (!range) return true;
  if (range.min && compareVersions(version, range.min) < 0) return false;
  if (range.below && compareVersions(version, range.below) >= 0) return false;
  return true;
}

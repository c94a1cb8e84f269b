// Before/after of one audit row as a key-by-key diff; unchanged keys are shown muted.

type Json = unknown;

/**
 * JSON with a space after each comma and colon, so long values wrap between items rather than in
 * the middle of a word (the cell uses overflow-wrap: break-word, breaking inside a word only when
 * one word is wider than the cell).
 */
const show = (v: Json): string =>
  v === undefined
    ? "—"
    : typeof v === "string"
      ? v
      : (JSON.stringify(v, null, 1) ?? "").replace(/\n\s*/g, " ");

function asRecord(v: Json): Record<string, Json> | null {
  return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, Json>) : null;
}

export function AuditDiff({ before, after }: { before: Json; after: Json }) {
  if (before == null && after == null) return <span className="text-slate-500">—</span>;
  const b = asRecord(before) ?? (before == null ? {} : { value: before });
  const a = asRecord(after) ?? (after == null ? {} : { value: after });
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-xs">
      {keys.map((key) => {
        const was = show(b[key]);
        const now = show(a[key]);
        const changed = before != null && after != null && was !== now;
        return (
          <div key={key} className="contents">
            <dt className="font-mono text-slate-600">{key}</dt>
            <dd className="font-mono break-words">
              {before == null ? (
                <span className="text-slate-800">{now}</span>
              ) : after == null ? (
                <del className="text-red-700">{was}</del>
              ) : changed ? (
                <span>
                  <del className="bg-red-50 text-red-700" aria-label={`before: ${was}`}>
                    {was}
                  </del>{" "}
                  <span aria-hidden>→</span>{" "}
                  <ins className="bg-emerald-50 text-emerald-800 no-underline" aria-label={`after: ${now}`}>
                    {now}
                  </ins>
                </span>
              ) : (
                <span className="text-slate-600">{now}</span>
              )}
            </dd>
          </div>
        );
      })}
    </dl>
  );
}

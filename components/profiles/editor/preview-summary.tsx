import type { PreviewData } from "../use-profiles";

/** "This touches N devices (M change, K not known yet); these paths change: …" */
export function PreviewSummary({ preview }: { preview: PreviewData }) {
  return (
    <div className="space-y-2 text-sm text-slate-800" data-testid="preview-summary">
      <p>
        This touches {preview.matched} device{preview.matched === 1 ? "" : "s"} ({preview.changing} change,{" "}
        {preview.unknown} not known yet).
      </p>
      {preview.truncated ? (
        <p className="text-amber-900">Looked at {preview.scanned} devices (stopped early).</p>
      ) : null}
      {preview.paths.length > 0 ? (
        <>
          <p>These paths change:</p>
          <ul className="max-h-48 overflow-y-auto font-mono text-xs">
            {preview.paths.map((p) => (
              <li key={p.path} className="break-all">
                {p.path} <span className="text-slate-600">({p.devices})</span>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p>No path changes on the devices looked at.</p>
      )}
    </div>
  );
}

import type { PrivacyNote as Note } from "./use-audience";

/** What every view says about how its figures were protected (docs/PRIVACY.md). */
export function PrivacyNote({ privacy }: { privacy: Note | undefined }) {
  if (!privacy) return null;
  return (
    <aside
      aria-label="Privacy"
      data-testid="privacy-note"
      className="rounded-md border border-slate-200 bg-slate-50 px-3 py-2 text-xs text-slate-700"
    >
      <p>
        Figures behind fewer than {privacy.k} households are not shown; totals add published cells only;
        viewing time is not published by segment. Days and hours are local to {privacy.timeZone}.
      </p>
      <p className="mt-1">
        {privacy.suppressedCells === 0
          ? "No cell inside these filters was suppressed."
          : `${privacy.suppressedCells.toLocaleString("en")} cell${privacy.suppressedCells === 1 ? "" : "s"} inside these filters ${privacy.suppressedCells === 1 ? "was" : "were"} suppressed (in no total).`}
        {privacy.noise > 0
          ? ` Calibrated noise (scale ${privacy.noise}) is added to each published figure.`
          : ""}
      </p>
    </aside>
  );
}

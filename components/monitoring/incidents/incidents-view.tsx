import { clsx } from "clsx";
import Link from "next/link";
import { IncidentsTable } from "./incidents-table";

const STATES = [
  { id: "open", label: "Open" },
  { id: "resolved", label: "Resolved" },
  { id: "all", label: "All" },
] as const;

export function IncidentsView({ state }: { state: "open" | "resolved" | "all" }) {
  return (
    <div className="space-y-3">
      <nav
        aria-label="Incident state"
        className="inline-flex rounded-md border border-slate-300 bg-white p-0.5"
      >
        {STATES.map((s) => (
          <Link
            key={s.id}
            href={`/incidents?state=${s.id}`}
            aria-current={s.id === state ? "page" : undefined}
            className={clsx(
              "rounded px-3 py-1.5 text-sm font-medium",
              s.id === state ? "bg-sky-700 text-white" : "text-slate-700 hover:bg-slate-100",
            )}
          >
            {s.label}
          </Link>
        ))}
      </nav>
      <IncidentsTable state={state} limit={200} />
    </div>
  );
}

import { clsx } from "clsx";
import Link from "next/link";
import type { CurrentOperator } from "@/server/auth/session";
import { hasPermission } from "@/lib/permissions";

type Section = "reports" | "opt-outs" | "privacy-log";

/** The audience pages this operator may open (reports: audience.read; log: also audit.read). */
export function AudienceNav({ role, current }: { role: CurrentOperator["role"]; current: Section }) {
  const reports = hasPermission(role, "audience.read");
  const links: { id: Section; href: string; label: string; show: boolean }[] = [
    { id: "reports", href: "/audience", label: "Reports", show: reports },
    {
      id: "opt-outs",
      href: "/audience/opt-outs",
      label: "Opt-outs",
      show: hasPermission(role, "audience.optout"),
    },
    {
      id: "privacy-log",
      href: "/audience/privacy-log",
      label: "Privacy log",
      show: reports && hasPermission(role, "audit.read"),
    },
  ];
  const shown = links.filter((l) => l.show);
  if (shown.length < 2) return null;
  return (
    <nav aria-label="Audience" className="flex flex-wrap gap-1">
      {shown.map((l) => (
        <Link
          key={l.id}
          href={l.href}
          aria-current={l.id === current ? "page" : undefined}
          className={clsx(
            "rounded-md px-3 py-1.5 text-sm font-medium",
            l.id === current
              ? "bg-sky-700 text-white"
              : "border border-slate-300 bg-white text-slate-700 hover:bg-slate-50",
          )}
        >
          {l.label}
        </Link>
      ))}
    </nav>
  );
}

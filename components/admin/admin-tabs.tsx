import { NavLink } from "@/components/layout/nav-link";

export function AdminTabs({ sections }: { sections: readonly { href: string; label: string }[] }) {
  return (
    <nav aria-label="Admin sections" className="flex flex-wrap gap-1 border-b border-slate-200 pb-2">
      {sections.map((s) => (
        <NavLink key={s.href} href={s.href}>
          {s.label}
        </NavLink>
      ))}
    </nav>
  );
}

import Link from "next/link";
import type { CurrentOperator } from "@/server/auth/session";
import { adminSectionsFor } from "@/components/admin/admin-sections";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { hasPermission } from "@/lib/permissions";
import { NavLink } from "./nav-link";

const ROLE_LABELS: Record<CurrentOperator["role"], string> = {
  admin: "Administrator",
  noc: "NOC",
  helpdesk: "Help desk",
  product: "Product",
  viewer: "Viewer",
};

export function TopBar({ operator }: { operator: CurrentOperator }) {
  return (
    <header className="border-b border-slate-200 bg-white">
      {/* Phones: the name and the operator on the first row, the navigation on its own full-width row
          below (wrapping), so nothing is squeezed between them. From sm up: one row. */}
      <div className="mx-auto flex min-h-14 max-w-7xl flex-wrap items-center gap-x-6 gap-y-1 px-4 py-2 sm:flex-nowrap sm:px-6 sm:py-0">
        <Link href="/devices" className="text-lg font-semibold tracking-tight text-sky-800">
          Vantage
        </Link>
        <nav
          aria-label="Main"
          className="order-2 flex w-full min-w-0 flex-wrap items-center gap-1 sm:order-1 sm:w-auto sm:flex-1"
        >
          <NavLink href="/devices">Devices</NavLink>
          {hasPermission(operator.role, "faults.read") ? <NavLink href="/faults">Faults</NavLink> : null}
          {hasPermission(operator.role, "profiles.read") ? (
            <NavLink href="/profiles">Profiles</NavLink>
          ) : null}
          {hasPermission(operator.role, "firmware.read") ? (
            <>
              <NavLink href="/firmware">Firmware</NavLink>
              <NavLink href="/waves">Waves</NavLink>
            </>
          ) : null}
          {hasPermission(operator.role, "monitoring.read") ? (
            <>
              <NavLink href="/monitoring">Monitoring</NavLink>
              <NavLink href="/alarms">Alarms</NavLink>
              <NavLink href="/incidents">Incidents</NavLink>
            </>
          ) : null}
          {/* Read-only for monitoring.read; imports and rules need alarms.write (the page says which). */}
          {hasPermission(operator.role, "monitoring.read") || hasPermission(operator.role, "alarms.write") ? (
            <NavLink href="/topology">Topology</NavLink>
          ) : null}
          {/* Audience reports for audience.read; a role that may only record opt-outs (help desk) gets
              the opt-out list itself (the reports page links to it for the others). */}
          {hasPermission(operator.role, "audience.read") ? (
            <NavLink href="/audience">Audience</NavLink>
          ) : hasPermission(operator.role, "audience.optout") ? (
            <NavLink href="/audience/opt-outs">Opt-outs</NavLink>
          ) : null}
          <NavLink href="/identity-conflicts">Identity conflicts</NavLink>
          {hasPermission(operator.role, "devices.bulk") ? <NavLink href="/bulk">Bulk jobs</NavLink> : null}
          <NavLink href="/api-docs">API</NavLink>
          {adminSectionsFor(operator.role).length > 0 ? <NavLink href="/admin">Admin</NavLink> : null}
        </nav>
        <div className="order-1 ml-auto flex items-center gap-3 text-sm sm:order-2">
          <div className="text-right leading-tight" aria-label="Signed-in operator">
            <div className="font-medium text-slate-900">{operator.name || operator.username}</div>
            <div className="text-xs text-slate-500">
              {operator.username} · <span data-testid="operator-role">{ROLE_LABELS[operator.role]}</span>
            </div>
          </div>
          <SignOutButton />
        </div>
      </div>
    </header>
  );
}

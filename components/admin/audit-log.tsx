"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useTRPC } from "@/trpc/react";
import { AuditDiff } from "./audit-diff";
import { AuditFilters, type AuditFilterValues } from "./audit-filters";
import { errorMessage } from "./error-message";
import { ErrorNotice } from "./notices";
import { Pager } from "./pager";

const PAGE_SIZE = 50;
const KEYS = ["q", "operatorId", "action", "deviceSerial", "from", "to"] as const;
const HEADERS = ["When", "Operator", "Action", "Device", "Target", "Before → after"];

function toDate(local: string): Date | undefined {
  const d = local ? new Date(local) : undefined;
  return d && !Number.isNaN(d.getTime()) ? d : undefined;
}

const when = (at: Date) => `${at.toISOString().slice(0, 19).replace("T", " ")} UTC`;

/** The filters live in the URL, so a filtered view can be shared and the back button works. */
export function AuditLog() {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const filters = Object.fromEntries(
    KEYS.map((k) => [k, params.get(k) ?? ""]),
  ) as unknown as AuditFilterValues;
  const page = Math.max(1, Number(params.get("page")) || 1);
  const operatorId = Number(filters.operatorId);

  const list = useQuery(
    trpc.audit.list.queryOptions(
      {
        q: filters.q || undefined,
        operatorId: Number.isInteger(operatorId) && operatorId > 0 ? operatorId : undefined,
        action: filters.action || undefined,
        deviceSerial: filters.deviceSerial || undefined,
        from: toDate(filters.from),
        to: toDate(filters.to),
        page,
        pageSize: PAGE_SIZE,
      },
      { placeholderData: keepPreviousData },
    ),
  );
  const operators = useQuery(trpc.audit.operators.queryOptions());

  function navigate(values: AuditFilterValues, nextPage: number) {
    const search = new URLSearchParams();
    for (const k of KEYS) if (values[k]) search.set(k, values[k]);
    if (nextPage > 1) search.set("page", String(nextPage));
    const qs = search.toString();
    router.push(qs ? `${pathname}?${qs}` : pathname);
  }

  return (
    <div className="space-y-4">
      <AuditFilters
        key={params.toString()}
        initial={filters}
        operators={operators.data ?? []}
        onApply={(values) => navigate(values, 1)}
      />
      {list.error ? <ErrorNotice>{errorMessage(list.error)}</ErrorNotice> : null}
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-xs">
        <table
          className="min-w-full divide-y divide-slate-200 text-sm"
          aria-label="Audit log"
          aria-busy={list.isFetching}
        >
          <thead className="bg-slate-50">
            <tr>
              {HEADERS.map((h) => (
                <th
                  key={h}
                  scope="col"
                  className="px-4 py-2.5 text-left text-xs font-semibold tracking-wide text-slate-600 uppercase"
                >
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {list.data?.rows.length === 0 ? (
              <tr>
                <td colSpan={HEADERS.length} className="px-4 py-8 text-center text-slate-500">
                  No audit entries match these filters.
                </td>
              </tr>
            ) : null}
            {list.data?.rows.map((row) => (
              <tr key={String(row.id)} className="align-top">
                <td className="px-4 py-2.5 whitespace-nowrap text-slate-600">
                  <time dateTime={row.at.toISOString()}>{when(row.at)}</time>
                </td>
                <td className="px-4 py-2.5">
                  {row.operator?.username ?? (
                    // No operator: the system acted, or a sign-in failed for an unknown username.
                    <span className="text-slate-400">—</span>
                  )}
                </td>
                <td className="px-4 py-2.5 font-mono text-xs">{row.action}</td>
                <td className="px-4 py-2.5">
                  {row.device ? (
                    <Link
                      href={`/devices/${row.device.id}`}
                      className="font-mono text-sky-700 hover:underline"
                    >
                      {row.device.serialNumber}
                    </Link>
                  ) : (
                    <span className="text-slate-400">—</span>
                  )}
                </td>
                <td className="max-w-xs px-4 py-2.5 font-mono text-xs break-all">{row.target || "—"}</td>
                <td className="min-w-64 px-4 py-2.5">
                  <AuditDiff before={row.before} after={row.after} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {list.data ? (
        <Pager
          page={list.data.page}
          pageSize={list.data.pageSize}
          total={list.data.total}
          noun="entries"
          onPageChange={(p) => navigate(filters, p)}
        />
      ) : null}
    </div>
  );
}

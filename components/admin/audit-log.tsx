"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useMemo } from "react";
import { DataTable } from "@/components/ui/data-table";
import { Pagination } from "@/components/ui/pagination";
import { useTimeZone } from "@/components/ui/time-zone";
import { useTRPC } from "@/trpc/react";
import { auditColumns } from "./audit-columns";
import { AuditFilters, type AuditFilterValues } from "./audit-filters";
import { errorMessage } from "./error-message";

const PAGE_SIZE = 50;
const KEYS = ["q", "operatorId", "action", "deviceSerial", "from", "to"] as const;

/** A datetime-local value is wall-clock time in the browser's zone, which the table shows too. */
function toDate(local: string): Date | undefined {
  const d = local ? new Date(local) : undefined;
  return d && !Number.isNaN(d.getTime()) ? d : undefined;
}

/** The filters live in the URL, so a filtered view can be shared and the back button works. */
export function AuditLog() {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const timeZone = useTimeZone();
  const filters = Object.fromEntries(KEYS.map((k) => [k, params.get(k) ?? ""])) as AuditFilterValues;
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
      // The zone is known after mount; until then From/To could be read in the wrong zone.
      { placeholderData: keepPreviousData, enabled: timeZone !== null },
    ),
  );
  const operators = useQuery(trpc.audit.operators.queryOptions());
  const columns = useMemo(() => auditColumns(timeZone), [timeZone]);

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
        timeZone={timeZone}
        onApply={(values) => navigate(values, 1)}
      />
      <DataTable
        label="Audit log"
        persistKey="audit-log"
        columns={columns}
        rows={list.data?.rows}
        getRowId={(r) => String(r.id)}
        loading={list.isPending}
        busy={list.isFetching}
        error={list.error ? errorMessage(list.error) : undefined}
        empty="No audit entries match these filters."
        maxHeight="max-h-[75vh]"
      />
      {list.data ? (
        <Pagination
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

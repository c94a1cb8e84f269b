"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useMemo, useState } from "react";
import { usePermissions } from "@/components/device/use-device";
import { Button } from "@/components/ui/button";
import { DataTable, type DataColumn } from "@/components/ui/data-table";
import { formatAbsoluteTime } from "@/components/ui/relative-time-format";
import { Tabs } from "@/components/ui/tabs";
import { useTRPC } from "@/trpc/react";
import { ConflictStateBadge } from "./conflict-state-badge";
import { DecideButtons } from "./decide-buttons";
import { DecisionMessage } from "./decision-message";
import { useDecideConflict, type ConflictRow, type ConflictState } from "./use-identity";

const STATES: { value: ConflictState; label: string }[] = [
  { value: "open", label: "Open" },
  { value: "accepted", label: "Accepted" },
  { value: "rejected", label: "Rejected" },
];
const PAGE = 50;

const EMPTY: Record<ConflictState, string> = {
  open: "No open identity conflicts: no known device has tried to bootstrap with the shared credentials.",
  accepted: "No accepted conflicts.",
  rejected: "No rejected conflicts.",
};

const stamp = (at: Date) => <time dateTime={at.toISOString()}>{formatAbsoluteTime(at, "UTC")}</time>;

function conflictColumns(
  state: ConflictState,
  decide: ReturnType<typeof useDecideConflict> | undefined,
): DataColumn<ConflictRow>[] {
  return [
    {
      id: "device",
      header: "Device",
      hideable: false,
      cell: (r) => (
        <>
          <Link href={`/devices/${r.deviceId}`} className="font-mono text-sky-800 hover:underline">
            {r.serialNumber}
          </Link>
          <div className="font-mono text-xs text-slate-600">
            {r.oui}-{r.productClass}
          </div>
        </>
      ),
    },
    { id: "state", header: "State", cell: (r) => <ConflictStateBadge state={r.state} /> },
    {
      id: "reason",
      header: "Reason",
      className: "min-w-48 max-w-xs break-words text-slate-800",
      cell: (r) => r.reason,
    },
    {
      id: "source",
      header: "Source address",
      className: "font-mono text-xs whitespace-nowrap",
      cell: (r) => r.remoteAddress || "—",
    },
    {
      id: "events",
      header: "Events",
      className: "font-mono text-xs whitespace-nowrap",
      cell: (r) => r.eventCodes.join(", ") || "—",
    },
    { id: "attempts", header: "Attempts", className: "text-right tabular-nums", cell: (r) => r.attempts },
    {
      id: "seen",
      header: "First / last seen",
      className: "text-xs whitespace-nowrap text-slate-600",
      cell: (r) => (
        <>
          {stamp(r.firstAt)}
          <br />
          {stamp(r.lastAt)}
        </>
      ),
    },
    {
      id: "decision",
      header: state === "open" ? "Decision" : "Decided by / at",
      hideable: false,
      className: "text-xs whitespace-nowrap text-slate-600",
      cell: (r) =>
        r.state === "open" ? (
          decide ? (
            <DecideButtons
              small
              conflictId={r.id}
              serialNumber={r.serialNumber}
              disabled={decide.mutation.isPending}
              onDecide={(decision) => decide.mutation.mutate({ id: r.id, decision })}
            />
          ) : (
            <span className="text-slate-600">awaiting a decision</span>
          )
        ) : (
          <>
            {r.decidedBy ?? "—"}
            {r.decidedAt ? <div>{stamp(r.decidedAt)}</div> : null}
          </>
        ),
    },
  ];
}

/** The fleet's identity conflicts by state, newest first, paged with a cursor and refreshed live. */
export function ConflictsTable() {
  const trpc = useTRPC();
  const can = usePermissions();
  const decide = useDecideConflict();
  const [state, setState] = useState<ConflictState>("open");
  const query = useInfiniteQuery(
    trpc.identity.conflicts.infiniteQueryOptions(
      { state, limit: PAGE },
      { getNextPageParam: (last) => last.nextCursor, refetchInterval: 10_000 },
    ),
  );
  const rows = query.data?.pages.flatMap((p) => p.items) ?? [];
  const mayDecide = can("devices.identity");
  const columns = useMemo(
    () => conflictColumns(state, mayDecide ? decide : undefined),
    [state, mayDecide, decide],
  );
  const table = (
    <div className="space-y-4">
      <DecisionMessage message={decide.message} />
      <DataTable
        label="Identity conflicts"
        persistKey="identity-conflicts"
        columns={columns}
        rows={query.data ? rows : undefined}
        getRowId={(r) => String(r.id)}
        rowTestId={(r) => `conflict-${r.id}`}
        loading={query.isPending}
        busy={query.isFetching}
        error={query.isError ? `Could not load identity conflicts: ${query.error.message}` : undefined}
        empty={EMPTY[state]}
      />
      {query.hasNextPage ? (
        <Button
          variant="secondary"
          disabled={query.isFetchingNextPage}
          onClick={() => void query.fetchNextPage()}
        >
          {query.isFetchingNextPage ? "Loading…" : "Load more"}
        </Button>
      ) : null}
    </div>
  );
  return (
    <Tabs
      label="Conflict state"
      value={state}
      onChange={setState}
      items={STATES.map((s) => ({ id: s.value, label: s.label, panel: s.value === state ? table : null }))}
    />
  );
}

"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { clsx } from "clsx";
import Link from "next/link";
import { useState } from "react";
import { usePermissions } from "@/components/device/use-device";
import { Button } from "@/components/ui/button";
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
const HEADERS = ["Device", "State", "Reason", "Source address", "Events", "Attempts", "First / last seen"];
const when = (at: Date) => `${at.toISOString().slice(0, 19).replace("T", " ")} UTC`;

const EMPTY: Record<ConflictState, string> = {
  open: "No open identity conflicts: no known device has tried to bootstrap with the shared credentials.",
  accepted: "No accepted conflicts.",
  rejected: "No rejected conflicts.",
};

function Row({ row, decide }: { row: ConflictRow; decide?: ReturnType<typeof useDecideConflict> }) {
  return (
    <tr className="align-top" data-testid={`conflict-${row.id}`}>
      <td className="px-4 py-2.5 whitespace-nowrap">
        <Link href={`/devices/${row.deviceId}`} className="font-mono text-sky-700 hover:underline">
          {row.serialNumber}
        </Link>
        <div className="font-mono text-xs text-slate-500">
          {row.oui}-{row.productClass}
        </div>
      </td>
      <td className="px-4 py-2.5">
        <ConflictStateBadge state={row.state} />
      </td>
      <td className="max-w-xs px-4 py-2.5 text-slate-800">{row.reason}</td>
      <td className="px-4 py-2.5 font-mono text-xs">{row.remoteAddress || "—"}</td>
      <td className="px-4 py-2.5 font-mono text-xs">{row.eventCodes.join(", ") || "—"}</td>
      <td className="px-4 py-2.5 text-right tabular-nums">{row.attempts}</td>
      <td className="px-4 py-2.5 text-xs whitespace-nowrap text-slate-600">
        <time dateTime={row.firstAt.toISOString()}>{when(row.firstAt)}</time>
        <br />
        <time dateTime={row.lastAt.toISOString()}>{when(row.lastAt)}</time>
      </td>
      <td className="px-4 py-2.5 text-xs text-slate-600">
        {row.state === "open" ? (
          decide ? (
            <DecideButtons
              small
              conflictId={row.id}
              serialNumber={row.serialNumber}
              disabled={decide.mutation.isPending}
              onDecide={(decision) => decide.mutation.mutate({ id: row.id, decision })}
            />
          ) : (
            <span className="text-slate-400">awaiting a decision</span>
          )
        ) : (
          <>
            {row.decidedBy ?? "—"}
            {row.decidedAt ? (
              <div>
                <time dateTime={row.decidedAt.toISOString()}>{when(row.decidedAt)}</time>
              </div>
            ) : null}
          </>
        )}
      </td>
    </tr>
  );
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
  return (
    <div className="space-y-4">
      <div role="tablist" aria-label="Conflict state" className="flex gap-1">
        {STATES.map((s) => (
          <button
            key={s.value}
            type="button"
            role="tab"
            aria-selected={state === s.value}
            onClick={() => setState(s.value)}
            className={clsx(
              "rounded-md px-3 py-1.5 text-sm font-medium",
              state === s.value ? "bg-sky-50 text-sky-800" : "text-slate-600 hover:bg-slate-100",
            )}
          >
            {s.label}
          </button>
        ))}
      </div>
      <DecisionMessage message={decide.message} />
      {query.isError ? (
        <p role="alert" className="text-sm text-red-700">
          Could not load identity conflicts: {query.error.message}
        </p>
      ) : null}
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-xs">
        <table
          className="min-w-full divide-y divide-slate-200 text-sm"
          aria-label="Identity conflicts"
          aria-busy={query.isFetching}
        >
          <thead className="bg-slate-50 text-left text-xs font-semibold tracking-wide text-slate-600 uppercase">
            <tr>
              {HEADERS.map((h) => (
                <th key={h} scope="col" className="px-4 py-2.5">
                  {h}
                </th>
              ))}
              <th scope="col" className="px-4 py-2.5">
                {state === "open" ? "Decision" : "Decided by / at"}
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {query.isPending ? (
              <tr>
                <td colSpan={HEADERS.length + 1} className="px-4 py-8 text-center text-slate-500">
                  Loading identity conflicts…
                </td>
              </tr>
            ) : null}
            {query.data && rows.length === 0 ? (
              <tr>
                <td colSpan={HEADERS.length + 1} className="px-4 py-8 text-center text-slate-500">
                  {EMPTY[state]}
                </td>
              </tr>
            ) : null}
            {rows.map((row) => (
              <Row key={row.id} row={row} decide={mayDecide ? decide : undefined} />
            ))}
          </tbody>
        </table>
      </div>
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
}

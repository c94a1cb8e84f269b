"use client";

import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { useId, useMemo, useState, type FormEvent } from "react";
import { ConfirmButton } from "@/components/device/confirm-button";
import { Button } from "@/components/ui/button";
import { DataTable, type DataColumn } from "@/components/ui/data-table";
import { Input, Label } from "@/components/ui/input";
import { RelativeTime } from "@/components/ui/relative-time";
import type { AppRouter } from "@/server/api/root";
import { useTRPC } from "@/trpc/react";
import { OptOutForm } from "./opt-out-form";
import { OptOutImport } from "./opt-out-import";

type Row = inferRouterOutputs<AppRouter>["audience"]["optOuts"]["rows"][number];
const PAGE = 50;

function columns(withdraw: (household: string) => void, busy: boolean): DataColumn<Row>[] {
  return [
    {
      id: "household",
      header: "Household",
      rowHeader: true,
      hideable: false,
      cell: (r) => <span className="font-mono">{r.household}</span>,
      sortValue: (r) => r.household,
      className: "whitespace-normal break-all",
    },
    {
      id: "at",
      header: "Opted out",
      cell: (r) => <RelativeTime value={new Date(r.optedOutAt)} />,
      sortValue: (r) => r.optedOutAt,
    },
    { id: "by", header: "Recorded by", cell: (r) => r.by, sortValue: (r) => r.by },
    { id: "note", header: "Note", cell: (r) => r.note || "—", className: "whitespace-normal break-words" },
    {
      id: "actions",
      header: "Actions",
      hideable: false,
      cell: (r) => (
        <ConfirmButton
          small
          label={`Withdraw the opt-out of ${r.household}`}
          title="Withdraw this opt-out?"
          description={`${r.household} will be measured again from now on. Nothing deleted is restored.`}
          confirmText="Withdraw opt-out"
          disabled={busy}
          onConfirm={() => withdraw(r.household)}
        >
          Withdraw
        </ConfirmButton>
      ),
    },
  ];
}

/** The opt-out list (search, withdraw), with the add form and the CSV import beside it. */
export function OptOuts() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const id = useId();
  const [draft, setDraft] = useState("");
  const [query, setQuery] = useState("");
  const list = useInfiniteQuery(
    trpc.audience.optOuts.infiniteQueryOptions(
      { query: query || undefined, limit: PAGE },
      { getNextPageParam: (last) => last.nextCursor },
    ),
  );
  const withdraw = useMutation(
    trpc.audience.withdrawOptOut.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries(trpc.audience.pathFilter()),
    }),
  );
  const rows = list.data?.pages.flatMap((p) => p.rows);
  const total = list.data?.pages[0]?.total;
  const cols = useMemo(
    () => columns((household) => withdraw.mutate({ household }), withdraw.isPending),
    [withdraw],
  );
  function search(e: FormEvent) {
    e.preventDefault();
    setQuery(draft.trim());
  }
  return (
    <div className="space-y-6">
      <div className="grid gap-4 lg:grid-cols-2">
        <OptOutForm />
        <OptOutImport />
      </div>
      <section aria-labelledby={`${id}-list`} className="space-y-3">
        <h2 id={`${id}-list`} className="text-base font-semibold text-slate-900">
          Opted-out households{total === undefined ? "" : ` (${total.toLocaleString("en")})`}
        </h2>
        <form onSubmit={search} role="search" className="flex flex-wrap items-end gap-2">
          <div className="w-72 max-w-full">
            <Label htmlFor={`${id}-q`}>Search households</Label>
            <Input id={`${id}-q`} value={draft} maxLength={256} onChange={(e) => setDraft(e.target.value)} />
          </div>
          <Button type="submit" variant="secondary">
            Search
          </Button>
        </form>
        {withdraw.error ? (
          <p role="alert" className="text-sm text-red-700">
            Could not withdraw: {withdraw.error.message}
          </p>
        ) : null}
        <DataTable
          label="Opted-out households"
          columns={cols}
          rows={rows}
          getRowId={(r) => r.household}
          rowTestId={(r) => `optout-${r.household}`}
          loading={list.isPending}
          busy={list.isFetching}
          error={list.error?.message}
          empty={query ? "No opted-out household matches" : "No household has opted out"}
          persistKey="audience-optouts"
        />
        {list.hasNextPage ? (
          <Button
            variant="secondary"
            disabled={list.isFetchingNextPage}
            onClick={() => void list.fetchNextPage()}
          >
            {list.isFetchingNextPage ? "Loading…" : "Load more"}
          </Button>
        ) : null}
      </section>
    </div>
  );
}

"use client";

import { useQuery } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { DataTable, type DataColumn } from "@/components/ui/data-table";
import { Label, Select } from "@/components/ui/input";
import type { AudienceFilter } from "@/lib/audience/report-api";
import { useTRPC } from "@/trpc/react";
import { CellValue } from "./cell-value";
import { cellSort, CLOCK_HOURS, countText, pctText } from "./format";
import { ReportFrame } from "./report-frame";
import { REPORT_QUERY, type AudienceOptions, type SlotData } from "./use-audience";

type HourRow = SlotData["hours"][number];
interface SlotChoice {
  channelId: number;
  start: string;
  end: string;
}

function hourColumns(k: number): DataColumn<HourRow>[] {
  return [
    {
      id: "day",
      header: "Day",
      rowHeader: true,
      hideable: false,
      cell: (r) => r.day,
      sortValue: (r) => r.day,
    },
    {
      id: "hour",
      header: "Hour",
      cell: (r) => `${String(r.hour).padStart(2, "0")}:00`,
      sortValue: (r) => r.hour,
    },
    {
      id: "audience",
      header: "Average audience",
      cell: (r) => <CellValue cell={r.audience} k={k} format={countText} />,
      sortValue: (r) => cellSort(r.audience),
    },
    { id: "share", header: "Share", cell: (r) => pctText(r.share), sortValue: (r) => r.share },
  ];
}

/** The form: a channel and two whole local hours; the report runs when it is submitted. */
function SlotForm({
  channels,
  onRun,
}: {
  channels: AudienceOptions["channels"];
  onRun: (choice: SlotChoice) => void;
}) {
  const id = useId();
  const [channelId, setChannelId] = useState(String(channels[0]?.id ?? ""));
  const [start, setStart] = useState("20:00");
  const [end, setEnd] = useState("22:00");
  const invalid = end <= start ? "The slot must end after it starts." : null;
  function submit(e: FormEvent) {
    e.preventDefault();
    if (invalid || !channelId) return;
    onRun({ channelId: Number(channelId), start, end });
  }
  return (
    <form onSubmit={submit} className="flex flex-wrap items-end gap-3" aria-label="Programme slot">
      <div className="min-w-48">
        <Label htmlFor={`${id}-channel`}>Slot channel</Label>
        <Select id={`${id}-channel`} value={channelId} onChange={(e) => setChannelId(e.target.value)}>
          {channels.map((c) => (
            <option key={c.id} value={c.id}>
              {c.number === null ? c.name : `${c.number} · ${c.name}`}
            </option>
          ))}
        </Select>
      </div>
      {(
        [
          ["start", "Starts at", start, setStart],
          ["end", "Ends at", end, setEnd],
        ] as const
      ).map(([key, label, value, set]) => (
        <div key={key} className="w-28">
          <Label htmlFor={`${id}-${key}`}>{label}</Label>
          <Select
            id={`${id}-${key}`}
            value={value}
            onChange={(e) => set(e.target.value)}
            aria-invalid={key === "end" && invalid ? true : undefined}
            aria-describedby={key === "end" && invalid ? `${id}-error` : undefined}
          >
            {CLOCK_HOURS.map((h) => (
              <option key={h}>{h}</option>
            ))}
          </Select>
        </div>
      ))}
      <Button type="submit" disabled={Boolean(invalid) || channels.length === 0}>
        Run slot report
      </Button>
      {invalid ? (
        <p id={`${id}-error`} className="w-full text-sm text-red-700">
          {invalid}
        </p>
      ) : null}
    </form>
  );
}

/** A programme slot's audience: a channel between two whole local hours on every day of the range. */
export function SlotView({
  filter,
  channels,
}: {
  filter: AudienceFilter;
  channels: AudienceOptions["channels"];
}) {
  const trpc = useTRPC();
  const [choice, setChoice] = useState<SlotChoice | null>(null);
  const q = useQuery(
    trpc.audience.slot.queryOptions(
      {
        filter,
        channelId: choice?.channelId ?? 1,
        start: choice?.start ?? "00:00",
        end: choice?.end ?? "01:00",
      },
      { ...REPORT_QUERY, enabled: choice !== null },
    ),
  );
  const k = q.data?.privacy.k ?? 0;
  return (
    <ReportFrame
      id="slot"
      title="Programme slot"
      description="Average boxes watching the channel over the slot on each day of the range, and its share of all viewing then."
      exportInput={choice ? { report: "slot", filter, ...choice } : null}
      privacy={q.data?.privacy}
      loading={choice !== null && q.isPending}
      busy={q.isFetching}
      error={q.error?.message}
      controls={<SlotForm channels={channels} onRun={setChoice} />}
    >
      {q.data ? (
        <div className="space-y-3">
          <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3" data-testid="slot-summary">
            <div>
              <dt className="text-xs text-slate-500">Channel</dt>
              <dd className="text-sm font-medium text-slate-900">{q.data.channel.name}</dd>
            </div>
            <div>
              <dt className="text-xs text-slate-500">Average audience</dt>
              <dd className="text-sm font-medium text-slate-900">
                <CellValue cell={q.data.audience} k={k} format={countText} />
              </dd>
            </div>
            <div>
              <dt className="text-xs text-slate-500">Share of viewing</dt>
              <dd className="text-sm font-medium text-slate-900">{pctText(q.data.share)}</dd>
            </div>
          </dl>
          <DataTable
            label="Slot audience per hour"
            columns={hourColumns(k)}
            rows={q.data.hours}
            getRowId={(r) => `${r.day}-${r.hour}`}
            busy={q.isFetching}
            empty="No hours in this slot and range"
            persistKey="audience-slot"
            maxHeight="max-h-[50vh]"
          />
        </div>
      ) : choice === null ? (
        <p className="text-sm text-slate-600">Choose a channel and a slot, then run the report.</p>
      ) : null}
    </ReportFrame>
  );
}

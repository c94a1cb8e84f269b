"use client";

import { usePathname, useRouter } from "next/navigation";
import { Select } from "@/components/ui/input";
import { ALARM_SEVERITIES } from "@/lib/monitoring/alarm-schema";
import type { AlarmFilterValues, AlarmStateFilter } from "./filter";

/** The filters live in the URL (?state=&severity=&unacked=1), so a filtered view can be shared. */
export function AlarmFilters({ value }: { value: AlarmFilterValues }) {
  const router = useRouter();
  const path = usePathname();
  function go(next: Partial<AlarmFilterValues>) {
    const v = { ...value, ...next };
    const q = new URLSearchParams({ state: v.state });
    if (v.severity) q.set("severity", v.severity);
    if (v.unacknowledged) q.set("unacked", "1");
    router.replace(`${path}?${q.toString()}`, { scroll: false });
  }
  return (
    <div className="flex flex-wrap items-end gap-3">
      <div>
        <label htmlFor="alarm-state" className="mb-1 block text-sm font-medium text-slate-700">
          State
        </label>
        <Select
          id="alarm-state"
          value={value.state}
          onChange={(e) => go({ state: e.target.value as AlarmStateFilter })}
          className="w-40"
        >
          <option value="open">Open</option>
          <option value="raised">Raised</option>
          <option value="cleared">Cleared</option>
          <option value="all">All</option>
        </Select>
      </div>
      <div>
        <label htmlFor="alarm-severity" className="mb-1 block text-sm font-medium text-slate-700">
          Severity
        </label>
        <Select
          id="alarm-severity"
          value={value.severity ?? ""}
          onChange={(e) => go({ severity: (e.target.value || undefined) as AlarmFilterValues["severity"] })}
          className="w-40"
        >
          <option value="">Any</option>
          {ALARM_SEVERITIES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </Select>
      </div>
      <label className="flex h-10 items-center gap-2 text-sm text-slate-700">
        <input
          type="checkbox"
          checked={value.unacknowledged}
          onChange={(e) => go({ unacknowledged: e.target.checked })}
        />
        Not acknowledged only
      </label>
    </div>
  );
}

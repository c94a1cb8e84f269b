"use client";

import { useEffect, useState } from "react";
import { Input, Label, Select } from "@/components/ui/input";

export interface DeviceFilterValues {
  search: string;
  kind: "" | "GATEWAY" | "STB";
  status: "" | "online" | "offline";
}

export function DeviceFilters({
  value,
  onChange,
}: {
  value: DeviceFilterValues;
  onChange: (next: DeviceFilterValues) => void;
}) {
  // Typing updates the box at once but the query only after a pause, so each keystroke isn't a request.
  const [search, setSearch] = useState(value.search);
  useEffect(() => {
    if (search === value.search) return;
    const timer = setTimeout(() => onChange({ ...value, search }), 300);
    return () => clearTimeout(timer);
  }, [search, value, onChange]);

  return (
    <div role="search" className="flex flex-wrap items-end gap-3">
      <div className="min-w-64 flex-1">
        <Label htmlFor="device-search">Search devices</Label>
        <Input
          id="device-search"
          type="search"
          placeholder="Serial, IP, MAC or subscriber"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
      </div>
      <div>
        <Label htmlFor="device-kind">Kind</Label>
        <Select
          id="device-kind"
          value={value.kind}
          onChange={(e) => onChange({ ...value, kind: e.target.value as DeviceFilterValues["kind"] })}
        >
          <option value="">All kinds</option>
          <option value="GATEWAY">Gateways</option>
          <option value="STB">Set-top boxes</option>
        </Select>
      </div>
      <div>
        <Label htmlFor="device-status">Status</Label>
        <Select
          id="device-status"
          value={value.status}
          onChange={(e) => onChange({ ...value, status: e.target.value as DeviceFilterValues["status"] })}
        >
          <option value="">Any status</option>
          <option value="online">Online</option>
          <option value="offline">Offline</option>
        </Select>
      </div>
    </div>
  );
}

"use client";

import { clsx } from "clsx";
import { useEffect, useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { Input, Label, Select } from "@/components/ui/input";
import type { DeviceSearch } from "@/lib/devices/search-query";
import { DeviceMoreFilters } from "./device-more-filters";
import { SavedSearches } from "./saved-searches";
import type { SearchPatch } from "./use-device-search";

type Kind = NonNullable<DeviceSearch["kind"]>;

/** Typing updates the box at once but the search only after a pause, so each keystroke isn't a request. */
const TYPING_PAUSE_MS = 300;

/** Filters set besides free text (which stays visible): the phone's "Filters (n)" button counts them. */
function activeFilters(search: DeviceSearch): number {
  const set = [
    search.kind,
    search.online,
    search.manufacturer,
    search.oui,
    search.productClass,
    search.softwareVersion,
    search.tag,
    search.param,
    search.lastInformBefore,
    search.lastInformAfter,
    search.faultCode ?? search.faultTask ?? search.faultDays,
    search.bootstrapIncomplete,
  ];
  return set.filter((v) => v !== undefined && v !== "").length;
}

export function DeviceFilters({
  search,
  onChange,
  onApply,
}: {
  search: DeviceSearch;
  onChange: (patch: SearchPatch, opts?: { replace?: boolean }) => void;
  onApply: (s: SearchPatch) => void;
}) {
  const panelId = useId();
  // Phones show the search box and one button; the rest opens below it. Wider screens show all.
  const [shown, setShown] = useState(false);
  const active = activeFilters(search);
  const [text, setText] = useState(search.q ?? "");
  const [typed, setTyped] = useState(false);
  // The URL can change under the box (back button, a saved search): follow it unless mid-typing.
  useEffect(() => {
    if (!typed) setText(search.q ?? "");
  }, [search.q, typed]);
  useEffect(() => {
    if (!typed) return;
    const timer = setTimeout(() => {
      onChange({ q: text.trim() || undefined }, { replace: true });
      setTyped(false);
    }, TYPING_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [text, typed, onChange]);

  const status = search.online === undefined ? "" : search.online ? "online" : "offline";
  const short = text.trim().length > 0 && text.trim().length < 3;

  return (
    <div role="search" aria-label="Device search" className="space-y-3">
      <div className="flex flex-wrap items-start gap-3">
        <div className="min-w-0 flex-1 basis-full sm:min-w-64 sm:basis-auto">
          <Label htmlFor="device-search">Search devices</Label>
          <Input
            id="device-search"
            type="search"
            placeholder="Serial, subscriber id, IP, MAC or tag"
            value={text}
            aria-describedby="device-search-hint"
            onChange={(e) => {
              setText(e.target.value);
              setTyped(true);
            }}
          />
          <p id="device-search-hint" className="mt-1 hidden text-xs text-slate-600 sm:block">
            {short
              ? "Type 3 characters or more for partial matches; shorter text must match exactly."
              : "Partial serials, IPs, MACs (any separator) and subscriber ids match; tags match whole."}
          </p>
        </div>
        <Button
          variant="secondary"
          className="w-full sm:hidden"
          aria-expanded={shown}
          aria-controls={panelId}
          onClick={() => setShown(!shown)}
        >
          {shown ? "Hide filters" : "Filters"}
          {active ? ` (${active} set)` : ""}
        </Button>
        <div
          id={panelId}
          className={clsx("w-full flex-wrap items-start gap-3 sm:flex sm:w-auto", shown ? "flex" : "hidden")}
        >
          <div>
            <Label htmlFor="device-kind">Kind</Label>
            <Select
              id="device-kind"
              value={search.kind ?? ""}
              onChange={(e) => onChange({ kind: (e.target.value || undefined) as Kind | undefined })}
            >
              <option value="">All kinds</option>
              <option value="GATEWAY">Gateways</option>
              <option value="STB">Set-top boxes</option>
              <option value="MOBILE">Mobiles</option>
              <option value="OTHER">Other</option>
            </Select>
          </div>
          <div>
            <Label htmlFor="device-status">Status</Label>
            <Select
              id="device-status"
              value={status}
              onChange={(e) =>
                onChange({ online: e.target.value === "" ? undefined : e.target.value === "online" })
              }
            >
              <option value="">Any status</option>
              <option value="online">Online</option>
              <option value="offline">Offline</option>
            </Select>
          </div>
        </div>
      </div>
      <div className={clsx("space-y-3 sm:block", shown ? "block" : "hidden")}>
        {/* Remounted when the URL's tag or parameter filter changes (Back, a saved search) so its boxes follow. */}
        <DeviceMoreFilters
          key={`${search.tag ?? ""}|${search.param?.path ?? ""}|${search.param?.op ?? ""}|${search.param?.value ?? ""}`}
          search={search}
          onChange={onChange}
        />
        <SavedSearches search={search} onApply={onApply} />
      </div>
    </div>
  );
}

"use client";

import { clsx } from "clsx";
import { useId, useRef, type KeyboardEvent, type ReactNode } from "react";

export interface TabItem<K extends string> {
  id: K;
  label: ReactNode;
  panel: ReactNode;
}

const MOVES: Record<string, (i: number, n: number) => number> = {
  ArrowRight: (i, n) => (i + 1) % n,
  ArrowLeft: (i, n) => (i - 1 + n) % n,
  Home: () => 0,
  End: (_i, n) => n - 1,
};

/**
 * WAI-ARIA tabs (automatic activation): one tab stop, arrow keys / Home / End move and select, the
 * panel follows. Controlled so the selection can live in the URL. Usage:
 *   <Tabs label="History" value={tab} onChange={setTab}
 *     items={[{ id: "informs", label: "Informs", panel: <Informs /> }, …]} />
 * For tabs that are pages (links), keep a <nav> of links instead: that is navigation, not tabs.
 */
export function Tabs<K extends string>({
  label,
  items,
  value,
  onChange,
}: {
  label: string;
  items: TabItem<K>[];
  value: K;
  onChange: (id: K) => void;
}) {
  const base = useId();
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);
  const current = Math.max(
    0,
    items.findIndex((t) => t.id === value),
  );

  function onKeyDown(e: KeyboardEvent) {
    const move = MOVES[e.key];
    if (!move || items.length === 0) return;
    e.preventDefault();
    const next = move(current, items.length);
    const item = items[next];
    if (!item) return;
    onChange(item.id);
    tabs.current[next]?.focus();
  }

  const active = items[current];
  return (
    <div>
      <div
        role="tablist"
        aria-label={label}
        onKeyDown={onKeyDown}
        className="flex gap-1 overflow-x-auto border-b border-slate-200"
      >
        {items.map((item, i) => (
          <button
            key={item.id}
            ref={(el) => {
              tabs.current[i] = el;
            }}
            type="button"
            role="tab"
            id={`${base}-tab-${item.id}`}
            aria-selected={i === current}
            aria-controls={`${base}-panel-${item.id}`}
            tabIndex={i === current ? 0 : -1}
            onClick={() => onChange(item.id)}
            className={clsx(
              "-mb-px border-b-2 px-3 py-2 text-sm font-medium whitespace-nowrap focus-visible:outline-2 focus-visible:outline-sky-600",
              i === current
                ? "border-sky-700 text-sky-800"
                : "border-transparent text-slate-600 hover:text-slate-900",
            )}
          >
            {item.label}
          </button>
        ))}
      </div>
      {active ? (
        <div
          role="tabpanel"
          id={`${base}-panel-${active.id}`}
          aria-labelledby={`${base}-tab-${active.id}`}
          tabIndex={0}
          className="pt-4 focus-visible:outline-2 focus-visible:outline-sky-600"
        >
          {active.panel}
        </div>
      ) : null}
    </div>
  );
}

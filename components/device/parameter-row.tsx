"use client";

import { useState } from "react";
import { RelativeTime } from "@/components/ui/relative-time";
import { Button } from "@/components/ui/button";
import { Tooltip } from "@/components/ui/tooltip";
import { ProfileOwnedBadge, ProfileOwnedNote } from "./profile-owned";
import { useProfileOwner } from "./profile-ownership";
import { TaskProgress } from "./task-status";
import { useKeyboardFocus, useTreeItem } from "./tree-focus";
import { latestTaskFor, type DeviceTask, type TreeChild } from "./use-device";
import { describeFacts } from "./value-check";
import { ValueEditor } from "./value-editor";

const NOTIFICATION_LABELS = ["", "passive notify", "active notify"];
const WRITES = ["SetParameterValues", "SetParameterAttributes"] as const;

/** A leaf of the tree: value, type, writable flag, last read time, and its editor. */
export function ParameterRow({
  deviceId,
  child,
  tasks,
  online,
  canWrite,
  first = false,
  matched = false,
}: {
  deviceId: number;
  child: TreeChild;
  /** the tree's first item: in the tab order until another item is focused */
  first?: boolean;
  /** a search match */
  matched?: boolean;
  tasks: DeviceTask[] | undefined;
  online: boolean;
  canWrite: boolean;
}) {
  const [editing, setEditing] = useState(false);
  const entry = child.entry;
  const writable = entry?.w ?? child.facts?.w === 1;
  const write = latestTaskFor(tasks, child.path, WRITES);
  const hidden = child.facts?.h === 1 || child.facts?.c === 1;
  const item = useTreeItem(child.path, first);
  const keyboard = useKeyboardFocus();
  const owner = useProfileOwner(child.path);
  return (
    <li
      role="treeitem"
      aria-selected={false}
      aria-label={child.path}
      {...item}
      onFocus={(e) => {
        item.onFocus(e);
        keyboard.onFocus(e);
      }}
      onBlur={keyboard.onBlur}
      onKeyDown={keyboard.onKeyDown}
      className="rounded py-1 focus-visible:outline-2 focus-visible:outline-sky-600"
    >
      <div className="grid grid-cols-[minmax(0,1fr)_minmax(0,1fr)] items-baseline gap-x-3 sm:grid-cols-[minmax(8rem,1fr)_minmax(6rem,1.2fr)_auto]">
        {/* Long names wrap (never cut to "DelayBetweenLoss…"); the full path shows on hover and while
            the row has keyboard focus (the row's accessible name is the path already). */}
        <span className="min-w-0 font-mono text-xs break-all text-slate-800">
          <Tooltip content={<span className="break-all">{child.path}</span>} open={keyboard.visible}>
            {/* A search match is marked on the name itself, not across the whole column. */}
            <span className={matched ? "rounded bg-amber-100 px-0.5" : undefined}>{child.name}</span>
          </Tooltip>
        </span>
        <span className="min-w-0">
          <span data-testid={`value-${child.path}`} className="font-mono text-xs break-all text-slate-900">
            {entry?.v ?? <span className="text-slate-500">{hidden ? "(write-only)" : "not read"}</span>}
          </span>
          {child.facts?.u && entry?.v !== undefined ? (
            <span className="ml-1 text-xs text-slate-500">{child.facts.u}</span>
          ) : null}
          {owner ? (
            <span className="ml-2 align-middle">
              <ProfileOwnedBadge owner={owner} path={child.path} />
            </span>
          ) : null}
        </span>
        <span className="col-span-2 flex flex-wrap items-center justify-end gap-x-2 text-xs text-slate-500 sm:col-span-1 sm:whitespace-nowrap">
          <span title="Type">{describeFacts(child)}</span>
          <span
            className={writable ? "text-sky-700" : "text-slate-500"}
            title={writable ? "Writable" : "Read-only"}
          >
            {writable ? "RW" : "RO"}
          </span>
          {entry?.n ? (
            <span className="text-violet-700">{NOTIFICATION_LABELS[entry.n] ?? `notify ${entry.n}`}</span>
          ) : null}
          <span title="Last read">{entry ? <RelativeTime value={new Date(entry.ts)} /> : null}</span>
          {canWrite && writable ? (
            <Button
              variant="ghost"
              className="h-6 px-2 py-0 text-xs"
              aria-label={`Edit ${child.path}`}
              aria-expanded={editing}
              onClick={() => setEditing((e) => !e)}
            >
              Edit
            </Button>
          ) : null}
        </span>
      </div>
      {/* An operator's recent write stays visible next to the field; the ACS's own provisioning does not. */}
      {write &&
      !write.createdBy.startsWith("system") &&
      (write.state !== "done" || Date.now() - write.createdAt.getTime() < 10 * 60_000) ? (
        <div className="pl-2" data-testid={`task-${child.path}`}>
          <TaskProgress task={write} path={child.path} online={online} />
        </div>
      ) : null}
      {editing && owner ? <ProfileOwnedNote deviceId={deviceId} owner={owner} path={child.path} /> : null}
      {editing ? <ValueEditor deviceId={deviceId} child={child} onDone={() => setEditing(false)} /> : null}
    </li>
  );
}

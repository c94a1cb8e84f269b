"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Tooltip } from "@/components/ui/tooltip";
import { useTRPC } from "@/trpc/react";
import { ConfirmButton } from "./confirm-button";
import { ParameterRow } from "./parameter-row";
import { ProfileOwnershipProvider } from "./profile-ownership";
import { TaskProgress } from "./task-status";
import {
  objectKeyDown,
  onTreeKeyDown,
  TreeFocusProvider,
  useKeyboardFocus,
  useTreeFocus,
  useTreeItem,
} from "./tree-focus";
import { TreeSearch, useTreeSearchQuery } from "./tree-search";
import {
  latestTaskFor,
  usePermissions,
  useRefreshDevice,
  type DeviceTask,
  type TreeChild,
} from "./use-device";

const READS = ["GetParameterNames", "GetParameterValues"] as const;
const OBJECT_OPS = ["AddObject", "DeleteObject"] as const;

interface TreeProps {
  deviceId: number;
  tasks: DeviceTask[] | undefined;
  online: boolean;
  canWrite: boolean;
}

/**
 * The live parameter tree: levels load as they are expanded, straight from the stored document. A
 * search (path or value) replaces it with the matches, their ancestors expanded. Values a profile owns
 * on this device carry a mark (operators who may read profiles).
 */
export function ParameterTree(props: TreeProps) {
  const search = useTreeSearchQuery();
  const can = usePermissions();
  return (
    <section
      aria-labelledby="tree-heading"
      className="min-w-0 rounded-lg border border-slate-200 bg-white p-4 shadow-xs"
    >
      <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
        <h2 id="tree-heading" className="text-base font-semibold text-slate-900">
          Parameters
        </h2>
        {search.input}
      </div>
      <ProfileOwnershipProvider deviceId={props.deviceId} enabled={can("profiles.read")}>
        <TreeFocusProvider key={search.query}>
          {search.query ? (
            <TreeSearch {...props} query={search.query} />
          ) : (
            <ul role="tree" aria-label="Parameters" className="text-sm" onKeyDown={onTreeKeyDown}>
              <TreeLevel {...props} path="" />
            </ul>
          )}
        </TreeFocusProvider>
      </ProfileOwnershipProvider>
    </section>
  );
}

function TreePlaceholder({ children }: { children: ReactNode }) {
  return (
    <li role="treeitem" aria-disabled="true" aria-selected={false} className="py-1 text-xs text-slate-500">
      {children}
    </li>
  );
}

export function TreeLevel({ path, ...props }: TreeProps & { path: string }) {
  const trpc = useTRPC();
  const level = useQuery(trpc.device.children.queryOptions({ id: props.deviceId, path }));
  // A level's placeholder is a disabled tree item: the tree (or group) it sits in may only own tree
  // items, and axe flagged a plain <li> there while the root level loaded.
  if (level.isPending) return <TreePlaceholder>Loading…</TreePlaceholder>;
  if (level.isError)
    return (
      <TreePlaceholder>
        <span role="alert" className="text-red-700">
          Could not load {path || "the tree"}: {level.error.message}
        </span>
      </TreePlaceholder>
    );
  if (level.data.children.length === 0)
    return <TreePlaceholder>No parameters known yet. Refresh to read them.</TreePlaceholder>;
  return level.data.children.map((child, i) =>
    child.object ? (
      <ObjectNode key={child.path} {...props} child={child} first={path === "" && i === 0} />
    ) : (
      <ParameterRow key={child.path} {...props} child={child} first={path === "" && i === 0} />
    ),
  );
}

export function ObjectNode({
  child,
  first,
  defaultOpen = false,
  matched = false,
  content,
  ...props
}: TreeProps & {
  child: TreeChild;
  first: boolean;
  defaultOpen?: boolean;
  /** a search match: marked so the eye finds it among its expanded ancestors */
  matched?: boolean;
  /** what the group shows when open (search results); default: the level read from the server */
  content?: ReactNode;
}) {
  const trpc = useTRPC();
  const [open, setOpenState] = useState(defaultOpen);
  const item = useTreeItem(child.path, first);
  const keyboard = useKeyboardFocus();
  const focus = useTreeFocus();
  const setOpen = (next: boolean) => {
    // Collapsing hides the focused descendant: the tab stop moves to this object.
    if (!next && focus.active?.startsWith(child.path) && focus.active !== child.path)
      focus.setActive(child.path);
    setOpenState(next);
  };
  const onSuccess = useRefreshDevice();
  const refresh = useMutation(trpc.device.refresh.mutationOptions({ onSuccess }));
  const add = useMutation(trpc.device.addObject.mutationOptions({ onSuccess }));
  const remove = useMutation(trpc.device.deleteObject.mutationOptions({ onSuccess }));
  const read = latestTaskFor(props.tasks, child.path, READS);
  const objectOp = latestTaskFor(props.tasks, child.path, OBJECT_OPS);
  const writable = child.entry?.w ?? child.modelWritable;
  const isInstance = /\.\d+\.$/.test(child.path);
  const error = refresh.error ?? add.error ?? remove.error;
  return (
    <li
      role="treeitem"
      aria-expanded={open}
      aria-selected={false}
      aria-label={child.path}
      {...item}
      onFocus={(e) => {
        item.onFocus(e);
        keyboard.onFocus(e);
      }}
      onBlur={keyboard.onBlur}
      onKeyDown={(e) => {
        keyboard.onKeyDown(e);
        objectKeyDown(e, open, setOpen);
      }}
      className="rounded py-0.5 focus-visible:outline-2 focus-visible:outline-sky-600"
    >
      <div className="flex flex-wrap items-center gap-2">
        <button
          type="button"
          tabIndex={-1}
          onClick={() => setOpen(!open)}
          aria-label={`${open ? "Collapse" : "Expand"} ${child.path}`}
          className="inline-flex items-center gap-1 rounded px-1 font-mono text-xs font-medium text-slate-900 hover:bg-slate-100"
        >
          <span aria-hidden className="w-3 text-slate-500">
            {open ? "▾" : "▸"}
          </span>
          {/* The full path on hover and while the row has keyboard focus. */}
          <Tooltip content={<span className="break-all">{child.path}</span>} open={keyboard.visible}>
            <span className={matched ? "rounded bg-amber-100 px-0.5" : undefined}>{child.name}.</span>
          </Tooltip>
        </button>
        <span className="text-xs text-slate-500">{child.descendants || ""}</span>
        {props.canWrite ? (
          <>
            <Button
              variant="ghost"
              className="h-6 px-2 py-0 text-xs"
              aria-label={`Refresh ${child.path}`}
              disabled={refresh.isPending}
              onClick={() => refresh.mutate({ id: props.deviceId, path: child.path })}
            >
              Refresh
            </Button>
            {child.multiInstance && writable ? (
              <Button
                variant="ghost"
                className="h-6 px-2 py-0 text-xs"
                aria-label={`Add instance to ${child.path}`}
                onClick={() => add.mutate({ id: props.deviceId, path: child.path })}
              >
                Add instance
              </Button>
            ) : null}
            {isInstance && writable ? (
              <ConfirmButton
                label={`Delete ${child.path}`}
                title={`Delete ${child.path}?`}
                description="The CPE removes this object instance and everything below it."
                confirmText="Delete"
                small
                onConfirm={() => remove.mutate({ id: props.deviceId, path: child.path })}
              >
                Delete
              </ConfirmButton>
            ) : null}
          </>
        ) : null}
        {read && read.state !== "done" ? <TaskProgress task={read} online={props.online} /> : null}
        {read?.state === "done" && Date.now() - (read.completedAt?.getTime() ?? 0) < 15_000 ? (
          <TaskProgress task={read} online={props.online} doneText="Refreshed" />
        ) : null}
        {objectOp && objectOp.state !== "done" ? (
          <TaskProgress task={objectOp} online={props.online} />
        ) : null}
        {error ? (
          <span role="alert" className="text-xs text-red-700">
            {error.message}
          </span>
        ) : null}
      </div>
      {open ? (
        <ul role="group" className="ml-1 border-l border-slate-200 pl-2 sm:ml-3 sm:pl-3">
          {content ?? <TreeLevel {...props} path={child.path} />}
        </ul>
      ) : null}
    </li>
  );
}

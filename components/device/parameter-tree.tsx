"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { useTRPC } from "@/trpc/react";
import { ConfirmButton } from "./confirm-button";
import { ParameterRow } from "./parameter-row";
import { TaskProgress } from "./task-status";
import { latestTaskFor, useRefreshDevice, type DeviceTask, type TreeChild } from "./use-device";

const READS = ["GetParameterNames", "GetParameterValues"] as const;
const OBJECT_OPS = ["AddObject", "DeleteObject"] as const;

interface TreeProps {
  deviceId: number;
  tasks: DeviceTask[] | undefined;
  online: boolean;
  canWrite: boolean;
}

/** The live parameter tree: levels load as they are expanded, straight from the stored document. */
export function ParameterTree(props: TreeProps) {
  return (
    <section
      aria-labelledby="tree-heading"
      className="rounded-lg border border-slate-200 bg-white p-4 shadow-xs"
    >
      <h2 id="tree-heading" className="mb-2 text-base font-semibold text-slate-900">
        Parameters
      </h2>
      <ul role="tree" aria-label="Parameters" className="text-sm">
        <TreeLevel {...props} path="" />
      </ul>
    </section>
  );
}

function TreeLevel({ path, ...props }: TreeProps & { path: string }) {
  const trpc = useTRPC();
  const level = useQuery(trpc.device.children.queryOptions({ id: props.deviceId, path }));
  if (level.isPending) return <li className="py-1 text-xs text-slate-500">Loading…</li>;
  if (level.isError)
    return (
      <li role="alert" className="py-1 text-xs text-red-700">
        Could not load {path || "the tree"}: {level.error.message}
      </li>
    );
  if (level.data.children.length === 0)
    return <li className="py-1 text-xs text-slate-500">No parameters known yet. Refresh to read them.</li>;
  return level.data.children.map((child) =>
    child.object ? (
      <ObjectNode key={child.path} {...props} child={child} />
    ) : (
      <ParameterRow key={child.path} {...props} child={child} />
    ),
  );
}

function ObjectNode({ child, ...props }: TreeProps & { child: TreeChild }) {
  const trpc = useTRPC();
  const [open, setOpen] = useState(false);
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
    <li role="treeitem" aria-expanded={open} aria-selected={false} aria-label={child.path} className="py-0.5">
      <div className="flex flex-wrap items-center gap-2">
        <button
          type="button"
          onClick={() => setOpen((o) => !o)}
          aria-label={`${open ? "Collapse" : "Expand"} ${child.path}`}
          className="inline-flex items-center gap-1 rounded px-1 font-mono text-xs font-medium text-slate-900 hover:bg-slate-100"
        >
          <span aria-hidden className="w-3 text-slate-500">
            {open ? "▾" : "▸"}
          </span>
          {child.name}.
        </button>
        <span className="text-xs text-slate-400">{child.descendants || ""}</span>
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
          <TreeLevel {...props} path={child.path} />
        </ul>
      ) : null}
    </li>
  );
}

"use client";

import { useQuery } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { useState } from "react";
import type { AppRouter } from "@/server/api/root";
import { useTRPC } from "@/trpc/react";
import { NodeButtons, ReplaceForm, useDmActions } from "./mobile-dm-actions";
import { TaskStateBadge } from "./task-status";

type DmTreeView = inferRouterOutputs<AppRouter>["mobile"]["tree"];
type DmNode = DmTreeView["children"][number];
type DmTask = NonNullable<DmTreeView["task"]>;

/** An open DM task is polled this often: the mobile is woken with package 0 and answers in seconds. */
const BUSY_MS = 1_500;

const open = (task: DmTask | null | undefined) => task?.state === "queued" || task?.state === "sent";

/** The DM tree at one URI, polled while the task on it is open. */
function useDmNode(deviceId: number, uri: string, enabled: boolean) {
  const trpc = useTRPC();
  return useQuery(
    trpc.mobile.tree.queryOptions(
      { id: deviceId, path: uri },
      { enabled, refetchInterval: (q) => (open(q.state.data?.task) ? BUSY_MS : false) },
    ),
  );
}

function TaskLine({ task }: { task: DmTask | null | undefined }) {
  if (!task) return null;
  return (
    <span className="inline-flex items-center gap-1 text-xs text-slate-600">
      <TaskStateBadge state={task.state} />
      {task.name}
      {task.state === "fault" && task.faultString ? (
        <span role="alert" className="text-red-700">
          {task.faultCode ? `${task.faultCode} ` : ""}
          {task.faultString}
        </span>
      ) : null}
    </span>
  );
}

function LeafItem({ deviceId, node, canWrite }: { deviceId: number; node: DmNode; canWrite: boolean }) {
  const [editing, setEditing] = useState(false);
  // The leaf's own view: its value after a Read/Replace, and the task on it.
  const own = useDmNode(deviceId, node.uri, true);
  // Whichever read is newer: the parent's level or the leaf's own query.
  const mine = own.data?.node;
  const current = mine && (mine.readAt?.getTime() ?? 0) >= (node.readAt?.getTime() ?? 0) ? mine : node;
  return (
    <li className="py-1" data-uri={node.uri}>
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <span className="font-mono text-slate-800">{node.name}</span>
        <span className="font-mono break-all text-slate-600" data-testid="dm-value">
          {current.value ?? <em className="text-slate-400">not read</em>}
        </span>
        {current.format ? <span className="text-xs text-slate-500">{current.format}</span> : null}
        <NodeButtons deviceId={deviceId} node={current} canWrite={canWrite} onEdit={() => setEditing(true)} />
        <TaskLine task={own.data?.task} />
      </div>
      {editing ? <ReplaceForm deviceId={deviceId} node={current} onDone={() => setEditing(false)} /> : null}
    </li>
  );
}

function InteriorItem({
  deviceId,
  node,
  canWrite,
  depth,
}: {
  deviceId: number;
  node: DmNode;
  canWrite: boolean;
  depth: number;
}) {
  const [expanded, setExpanded] = useState(false);
  const actions = useDmActions(deviceId, node.uri);
  const level = useDmNode(deviceId, node.uri, expanded);
  function toggle() {
    const next = !expanded;
    setExpanded(next);
    // Expanding is a live read: the mobile lists the node's children (Results, Format node).
    if (next && canWrite) actions.get.mutate({ id: deviceId, path: node.uri });
  }
  return (
    <li className="py-1" data-uri={node.uri}>
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <button
          type="button"
          aria-expanded={expanded}
          aria-label={`Expand ${node.uri}`}
          onClick={toggle}
          className="rounded px-1 font-mono text-sky-800 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-sky-600"
        >
          {expanded ? "▾" : "▸"} {node.name}
        </button>
        <NodeButtons deviceId={deviceId} node={node} canWrite={canWrite} />
        {expanded ? <TaskLine task={level.data?.task} /> : null}
      </div>
      {expanded ? (
        <DmLevel
          deviceId={deviceId}
          view={level.data}
          loading={level.isPending}
          canWrite={canWrite}
          depth={depth + 1}
        />
      ) : null}
    </li>
  );
}

function DmLevel({
  deviceId,
  view,
  loading,
  canWrite,
  depth,
}: {
  deviceId: number;
  view: DmTreeView | undefined;
  loading: boolean;
  canWrite: boolean;
  depth: number;
}) {
  if (loading)
    return (
      <p role="status" className="ml-4 text-xs text-slate-500">
        Loading…
      </p>
    );
  if (!view || view.children.length === 0)
    return (
      <p className="ml-4 text-xs text-slate-500">
        {open(view?.task) ? "Reading from the mobile…" : "No children known yet."}
      </p>
    );
  if (depth > 12) return null;
  return (
    <ul className="ml-4 border-l border-slate-200 pl-2">
      {view.children.map((child) =>
        child.interior ? (
          <InteriorItem key={child.uri} deviceId={deviceId} node={child} canWrite={canWrite} depth={depth} />
        ) : (
          <LeafItem key={child.uri} deviceId={deviceId} node={child} canWrite={canWrite} />
        ),
      )}
    </ul>
  );
}

/**
 * A mobile's DM tree, browsed live: expanding a node queues a DmGet of it (the mobile is woken with
 * package 0) and shows its children when the task is done; leaves can be read, replaced and executed.
 * What is shown between reads is the document's last known state.
 */
export function MobileDmTree({ deviceId, canWrite }: { deviceId: number; canWrite: boolean }) {
  const root = useDmNode(deviceId, ".", true);
  return (
    <section
      aria-labelledby="dm-tree-heading"
      className="min-w-0 rounded-lg border border-slate-200 bg-white p-4 shadow-xs"
    >
      <h2 id="dm-tree-heading" className="mb-2 text-base font-semibold text-slate-900">
        DM tree
      </h2>
      {root.isError ? (
        <p role="alert" className="text-sm text-red-700">
          {root.error.message}
        </p>
      ) : (
        <DmLevel
          deviceId={deviceId}
          view={root.data}
          loading={root.isPending}
          canWrite={canWrite}
          depth={0}
        />
      )}
    </section>
  );
}

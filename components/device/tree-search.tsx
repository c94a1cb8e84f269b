"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useEffect, useId, useState, type ReactNode } from "react";
import { Input } from "@/components/ui/input";
import { useTRPC } from "@/trpc/react";
import { buildMatchTree, type MatchNode } from "./match-tree";
import { ObjectNode } from "./parameter-tree";
import { ParameterRow } from "./parameter-row";
import { onTreeKeyDown } from "./tree-focus";
import type { DeviceTask, TreeChild } from "./use-device";

/** Typing pauses this long before the server is asked: one search per word, not per key. */
const DEBOUNCE_MS = 250;

interface TreeProps {
  deviceId: number;
  tasks: DeviceTask[] | undefined;
  online: boolean;
  canWrite: boolean;
}

/** The search box and the (debounced) text it searches for; "" = show the tree. */
export function useTreeSearchQuery(): { input: ReactNode; query: string } {
  const id = useId();
  const [text, setText] = useState("");
  const [query, setQuery] = useState("");
  useEffect(() => {
    const timer = setTimeout(() => setQuery(text.trim()), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text]);
  const input = (
    <div className="flex w-full items-center gap-2 sm:w-72">
      <label htmlFor={id} className="sr-only">
        Search parameters by path or value
      </label>
      <Input
        id={id}
        type="search"
        placeholder="Search path or value"
        value={text}
        maxLength={256}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Escape") setText("");
        }}
      />
    </div>
  );
  return { input, query };
}

/** The matches, each under its ancestors (expanded); the server caps them at 200 in path order. */
export function TreeSearch({ query, ...props }: TreeProps & { query: string }) {
  const trpc = useTRPC();
  const result = useQuery(
    trpc.device.searchTree.queryOptions(
      { id: props.deviceId, query },
      { placeholderData: keepPreviousData, staleTime: 10_000 },
    ),
  );
  if (result.isPending) return <p className="text-xs text-slate-500">Searching…</p>;
  if (result.isError)
    return (
      <p role="alert" className="text-xs text-red-700">
        Search failed: {result.error.message}
      </p>
    );
  const { matches, total } = result.data;
  const nodes = buildMatchTree(matches);
  return (
    <div className="space-y-2">
      <p role="status" className="text-xs text-slate-600">
        {total === 0
          ? `No parameter path or value contains “${query}”.`
          : total > matches.length
            ? `${total} matches; the first ${matches.length} are shown. Refine the search to see others.`
            : `${total} ${total === 1 ? "match" : "matches"}`}
      </p>
      {nodes.length ? (
        <ul
          role="tree"
          aria-label="Parameters matching the search"
          className="text-sm"
          onKeyDown={onTreeKeyDown}
        >
          {nodes.map((n, i) => (
            <MatchItem key={n.path} {...props} node={n} first={i === 0} />
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function MatchItem({ node, first, ...props }: TreeProps & { node: MatchNode<TreeChild>; first: boolean }) {
  if (!node.object) return <ParameterRow {...props} child={node.match!} first={first} matched />;
  const child: TreeChild = node.match ?? {
    path: node.path,
    name: node.name,
    object: true,
    descendants: 0,
    entry: null,
    facts: null,
    modelWritable: false,
    multiInstance: false,
  };
  return (
    <ObjectNode
      {...props}
      child={child}
      first={first}
      defaultOpen
      matched={node.match !== null}
      content={node.children.map((c) => (
        <MatchItem key={c.path} {...props} node={c} first={false} />
      ))}
    />
  );
}

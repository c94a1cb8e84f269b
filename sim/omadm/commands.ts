// How the simulated mobile answers the server's management commands (OMA DM 1.2): Get of a leaf gives
// its value, of an interior node its child list (Format node); unknown nodes 404; Replace of a
// read-only leaf 405; Get of a secret 425; Add of an existing node 418; Exec of a FUMO operation 202
// (the result comes later in a Generic Alert); Sequence/Atomic run their commands in order. With
// `failureRate`, a command fails with 500 like a busy handset.
import type { Rng } from "../prng";
import type { Command, ItemCommand, Item } from "../../server/omadm/syncml";
import { itemText } from "../../server/omadm/syncml";
import type { DmTree } from "./tree";

export interface Answer {
  cmdId: string;
  cmd: string;
  code: number;
  target?: string;
  results?: { uri: string; format: string; data: string }[];
}

export interface ExecRequest {
  uri: string;
  correlator?: string;
  data?: string;
}

export interface CommandContext {
  tree: DmTree;
  rng: Rng;
  failureRate: number;
  /** a FUMO Exec accepted: run it after the session */
  onExec(request: ExecRequest): boolean;
}

function get(ctx: CommandContext, uri: string): Pick<Answer, "code" | "results"> {
  const node = ctx.tree.nodes.get(uri);
  if (!node) return { code: 404 };
  if (!node.get) return { code: 425 };
  if (node.value === undefined)
    return { code: 200, results: [{ uri, format: "node", data: ctx.tree.children(uri).join("/") }] };
  return { code: 200, results: [{ uri, format: node.format, data: node.value }] };
}

function replace(ctx: CommandContext, uri: string, value: string, format?: string): number {
  const node = ctx.tree.nodes.get(uri);
  if (!node) return 404;
  if (!node.replace || node.value === undefined) return 405;
  node.value = value;
  if (format && format !== "node") node.format = format;
  return 200;
}

function add(ctx: CommandContext, uri: string, value: string | undefined, format?: string): number {
  if (ctx.tree.nodes.has(uri)) return 418;
  if (!ctx.tree.parentExists(uri)) return 404;
  ctx.tree.nodes.set(uri, {
    value,
    format: format ?? (value === undefined ? "node" : "chr"),
    get: true,
    replace: true,
    exec: false,
    delete: true,
  });
  return 200;
}

function exec(ctx: CommandContext, command: ItemCommand, uri: string, item: Item): number {
  const node = ctx.tree.nodes.get(uri);
  if (!node) return 404;
  if (!node.exec) return 405;
  if (uri.endsWith("/Reboot")) return 200;
  const data = itemText(item);
  const accepted = ctx.onExec({
    uri,
    ...(command.correlator !== undefined ? { correlator: command.correlator } : {}),
    ...(data !== undefined ? { data } : {}),
  });
  return accepted ? 202 : 500;
}

function itemCommand(ctx: CommandContext, command: ItemCommand, data?: string): Answer {
  const item = command.items[0];
  const uri = item?.target?.locUri ?? "";
  const base = { cmdId: command.cmdId, cmd: command.kind, target: uri };
  if (!item || uri === "") return { ...base, code: 412 };
  if (ctx.rng.chance(ctx.failureRate)) return { ...base, code: 500 };
  const value = data ?? itemText(item);
  switch (command.kind) {
    case "Get":
      return { ...base, ...get(ctx, uri) };
    case "Replace":
      return { ...base, code: replace(ctx, uri, value ?? "", item.meta?.format) };
    case "Add":
      return { ...base, code: add(ctx, uri, value, item.meta?.format) };
    case "Delete": {
      const node = ctx.tree.nodes.get(uri);
      if (!node) return { ...base, code: 404 };
      if (!node.delete) return { ...base, code: 405 };
      ctx.tree.remove(uri);
      return { ...base, code: 200 };
    }
    case "Exec":
      return { ...base, code: exec(ctx, command, uri, item) };
    default:
      return { ...base, code: 406 };
  }
}

/** Answers to the server's commands in order (containers flattened). `data` overrides an item's data (assembled chunks). */
export function answerCommand(ctx: CommandContext, command: Command, data?: string): Answer[] {
  if ("commands" in command) {
    const inner = command.commands.flatMap((c) => answerCommand(ctx, c));
    return [{ cmdId: command.cmdId, cmd: command.kind, code: 200 }, ...inner];
  }
  if (command.kind === "Status" || command.kind === "Results" || command.kind === "Alert") return [];
  if (command.kind === "Unknown") return [{ cmdId: command.cmdId, cmd: command.name, code: 406 }];
  if (command.kind === "Copy") return [{ cmdId: command.cmdId, cmd: "Copy", code: 406 }];
  return [itemCommand(ctx, command, data)];
}

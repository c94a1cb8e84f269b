// Who may see audience data (TR-135 AudienceStats: what a box watched), and the one place that takes
// it out of what other operators see. Every read of the tree, tasks, timeline, faults, bulk jobs and
// the audit log passes its output through here with the reader's capability; writes that name an
// audience path ask assertMayTouchAudience. Paths are recognised by lib/audience/paths.ts alone.
// Callers that pass no reader get the hidden view: forgetting the capability fails closed.
// No "server-only" marker: the bulk runner and the monitoring poll (plain Node) load modules that use it.
import { isAudiencePath } from "../../lib/audience/paths";
import { hasPermission } from "../../lib/permissions";
import { AppError } from "../core/app-error";
import type { Role } from "../generated/prisma/enums";

/** What the operator reading may see: built from the role by the router, never from the tRPC ctx here. */
export interface Reader {
  /** audience.read: AudienceStats values, audience tasks and their answers */
  audience: boolean;
}

/** The fail-closed default for reads that were given no reader. */
export const WITHOUT_AUDIENCE: Reader = Object.freeze({ audience: false });

export function readerFor(role: Role): Reader {
  return { audience: hasPermission(role, "audience.read") };
}

/** What replaces a text that names audience data (a fault string, an audit target, a bulk job). */
export const AUDIENCE_HIDDEN = "(audience data hidden)";

/** How a task that only touches audience paths is listed for an operator without audience.read. */
export const AUDIENCE_TASK = "audience task";

/**
 * Free text (a CPE's fault string, "set <path> = <value>") names audience data when one of its words
 * is an audience path: split on anything a path never contains, then ask the one predicate.
 */
export function mentionsAudience(text: string): boolean {
  if (!/audiencestats/i.test(text)) return false; // the common case costs one scan
  return text.split(/[^\w.-]+/).some((word) => word !== "" && isAudiencePath(word));
}

/** `text` as the reader may see it. */
export function visibleText<T extends string | null>(reader: Reader, text: T): T {
  return !reader.audience && text !== null && mentionsAudience(text) ? (AUDIENCE_HIDDEN as T) : text;
}

/** Refuses a write (set, add, delete, notification, refresh, retry, bulk) on audience paths. */
export function assertMayTouchAudience(role: Role, paths: readonly string[]): void {
  if (hasPermission(role, "audience.read")) return;
  if (paths.some(mentionsAudience))
    throw new AppError("forbidden", `Your role (${role}) lacks audience.read to act on audience parameters`);
}

/** Keys under which a JSON record names the parameter it is about. */
const SUBJECT_KEYS = ["name", "path", "parameter", "parameterName", "parameterPath", "objectName", "target"];

function aboutAudience(obj: Record<string, unknown>): boolean {
  return SUBJECT_KEYS.some((k) => typeof obj[k] === "string" && mentionsAudience(obj[k]));
}

const MAX_DEPTH = 32;

/**
 * A JSON value (a task request or answer, a timeline detail, an audit before/after) without audience
 * data, at any depth: list entries about an audience path are removed (a GetParameterValues answer's
 * values, a SetParameterValues list, parameterNames), keys that are audience paths dropped, a record
 * about one anywhere else replaced by AUDIENCE_HIDDEN, any text naming one replaced likewise.
 * Bounded in depth: deeper than any RPC message, deeper values are hidden rather than walked.
 */
export function withoutAudience<T>(reader: Reader, value: T): T {
  return reader.audience ? value : (strip(value, 0) as T);
}

function strip(value: unknown, depth: number): unknown {
  if (typeof value === "string") return mentionsAudience(value) ? AUDIENCE_HIDDEN : value;
  if (!value || typeof value !== "object" || value instanceof Date) return value;
  if (depth > MAX_DEPTH) return AUDIENCE_HIDDEN;
  if (Array.isArray(value)) {
    return value
      .filter((v) =>
        typeof v === "string"
          ? !mentionsAudience(v)
          : !(v && typeof v === "object" && !Array.isArray(v) && aboutAudience(v as Record<string, unknown>)),
      )
      .map((v) => strip(v, depth + 1));
  }
  const obj = value as Record<string, unknown>;
  if (aboutAudience(obj)) return AUDIENCE_HIDDEN;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) if (!mentionsAudience(k)) out[k] = strip(v, depth + 1);
  return out;
}

/** The parameter paths an RPC request names (GPV/GPN/SPV/SPA/GPA, AddObject/DeleteObject). */
export function requestPaths(request: unknown): string[] {
  if (!request || typeof request !== "object" || Array.isArray(request)) return [];
  const r = request as Record<string, unknown>;
  const paths: string[] = [];
  const add = (v: unknown) => {
    if (typeof v === "string") paths.push(v);
  };
  add(r.parameterPath);
  add(r.objectName);
  if (Array.isArray(r.parameterNames)) r.parameterNames.slice(0, 10_000).forEach(add);
  if (Array.isArray(r.parameterList))
    for (const p of r.parameterList.slice(0, 10_000)) add((p as { name?: unknown } | null)?.name);
  return paths;
}

/**
 * A request only about audience paths: for an operator without audience.read such a task is listed
 * as AUDIENCE_TASK with its request, answer and fault text hidden (not omitted: the queue's length and
 * a busy device stay explainable to the help desk, and a task id never vanishes from a page). A task
 * that names other paths too shows those, with the audience entries taken out.
 */
export function isAudienceOnlyRequest(request: unknown): boolean {
  const paths = requestPaths(request);
  return paths.length > 0 && paths.every(mentionsAudience);
}

/** A task row as the reader may see it (after secrets were masked: stored-answer.ts). */
export function visibleTask<
  T extends {
    name: string;
    request: unknown;
    result?: unknown;
    faultString?: string | null;
    lastError?: string | null;
  },
>(reader: Reader, task: T): T {
  if (reader.audience) return task;
  if (isAudienceOnlyRequest(task.request)) {
    return {
      ...task,
      name: AUDIENCE_TASK,
      request: {},
      ...("result" in task ? { result: null } : {}),
      ...("faultString" in task ? { faultString: task.faultString == null ? null : AUDIENCE_HIDDEN } : {}),
      ...("lastError" in task ? { lastError: task.lastError == null ? null : AUDIENCE_HIDDEN } : {}),
    };
  }
  return {
    ...task,
    request: withoutAudience(reader, task.request),
    ...("result" in task ? { result: withoutAudience(reader, task.result) } : {}),
    ...("faultString" in task ? { faultString: visibleText(reader, task.faultString ?? null) } : {}),
    ...("lastError" in task ? { lastError: visibleText(reader, task.lastError ?? null) } : {}),
  };
}

// What a task keeps of its CPE answer (Task.result) and what the console sees of a task: secrets
// never leave the server, and a huge answer (a 50,000-name GetParameterNames) is not copied whole
// into the task row — its values already live in the parameter document.
import type { Task } from "../generated/prisma/client";
import { isSecretParameter, REDACTED } from "../datamodel/secret-parameters";

/**
 * Entries of an answer's list kept on the task; the rest is counted. Enough for any read a help-desk
 * agent asks for (a diagnostics object, a Wi-Fi radio); a whole tree's values are in the document, and
 * copying 200 of them into each of a first contact's task rows cost ~5 % of a boot storm's CPU.
 */
export const KEPT_ENTRIES = 50;

type Listed = { parameterList?: unknown };

function redactEntry(entry: unknown): unknown {
  if (!entry || typeof entry !== "object") return entry;
  const e = entry as { name?: unknown; value?: unknown };
  return typeof e.name === "string" && "value" in e && isSecretParameter(e.name)
    ? { ...e, value: REDACTED }
    : entry;
}

/** A transfer's file-server password (Download, Upload, ChangeDUState operations), masked. */
function maskTransferPasswords<T extends object>(message: T): T {
  const m = message as { password?: unknown; operations?: unknown };
  let out: T = message;
  if (typeof m.password === "string" && m.password !== "") out = { ...out, password: REDACTED };
  if (Array.isArray(m.operations)) {
    const operations = m.operations.map((op: unknown) => {
      const o = op as { password?: unknown } | null;
      return o && typeof o === "object" && typeof o.password === "string" && o.password !== ""
        ? { ...o, password: REDACTED }
        : op;
    });
    out = { ...out, operations };
  }
  return out;
}

/**
 * An RPC message (request or answer) with secret values and transfer passwords masked, and long
 * lists cut to KEPT_ENTRIES.
 */
export function storableMessage<T extends object>(input: T): T {
  const message = maskTransferPasswords(input);
  const list = (message as Listed).parameterList;
  if (!Array.isArray(list)) return message;
  const kept = list.slice(0, KEPT_ENTRIES).map(redactEntry);
  return list.length > KEPT_ENTRIES
    ? { ...message, parameterList: kept, parameterCount: list.length, truncated: true }
    : { ...message, parameterList: kept };
}

/** A task as the console may see it: request and result without secrets. */
export function presentableTask(task: Task): Task {
  const mask = (v: Task["request"]): Task["request"] =>
    v && typeof v === "object" && !Array.isArray(v) ? storableMessage(v) : v;
  return { ...task, request: mask(task.request), result: task.result === null ? null : mask(task.result) };
}

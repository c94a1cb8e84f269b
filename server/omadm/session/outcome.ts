// A task's outcome from the answers its commands got, each checked against what was asked: a command
// with no Status, a failure code, or a Get whose Results are missing or name another URI ends the task
// as a fault; an Exec accepted for processing (202) leaves it waiting for its Generic Alert.
import type { DmCommandAnswer, DmTaskOutcome } from "./backend";
import type { TaskInFlight } from "./state";

const STATUS_TEXT: Readonly<Record<number, string>> = {
  213: "chunk accepted",
  401: "unauthorized",
  403: "forbidden",
  404: "not found",
  405: "command not allowed",
  406: "optional feature not supported",
  412: "incomplete command",
  413: "request entity too large",
  415: "unsupported media type or format",
  418: "already exists",
  420: "device full",
  424: "size mismatch",
  425: "permission denied",
  500: "command failed",
};

export function statusText(code: number): string {
  return STATUS_TEXT[code] ?? (code >= 200 && code < 300 ? "ok" : "error");
}

const success = (code: number): boolean => code >= 200 && code < 300;

function check(
  task: TaskInFlight,
  answers: DmCommandAnswer[],
): { code: number; message: string } | undefined {
  for (const [i, spec] of task.commands.entries()) {
    const what = `${spec.kind} ${spec.uri}`;
    const status = task.statuses[i];
    if (status === null || status === undefined)
      return { code: 0, message: `${what}: no Status from the device` };
    if (!success(status)) return { code: status, message: `${what}: ${status} ${statusText(status)}` };
    if (spec.kind === "Get") {
      const results = answers[i]?.results;
      if (!results || results.length === 0) return { code: 0, message: `${what}: answered without Results` };
      const stray = results.find((r) => r.uri !== spec.uri && !r.uri.startsWith(`${spec.uri}/`));
      if (stray) return { code: 0, message: `${what}: Results for ${stray.uri}, which was not asked` };
    }
  }
  return undefined;
}

export function taskOutcome(task: TaskInFlight): DmTaskOutcome {
  const answers: DmCommandAnswer[] = task.commands.map((spec, i) => ({
    kind: spec.kind,
    uri: spec.uri,
    status: task.statuses[i] ?? 0,
    ...(task.results[i] ? { results: task.results[i] } : {}),
  }));
  const fault = check(task, answers);
  if (fault) return { kind: "fault", ...fault, answers };
  const accepted = task.commands.some((c, i) => c.kind === "Exec" && task.statuses[i] === 202);
  return accepted ? { kind: "waiting", answers } : { kind: "done", answers };
}

/** Every command answered (or the task already failed): the task can be finished. */
export function taskSettled(task: TaskInFlight, outstanding: number, incoming: boolean): boolean {
  if (outstanding > 0 || incoming) return false;
  if (task.next >= task.commands.length) return true;
  // A failure stops the task: the commands after it are not sent.
  return task.statuses.some((s) => s !== null && !success(s));
}

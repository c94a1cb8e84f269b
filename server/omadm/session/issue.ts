// Putting the commands of the task in flight into the message being built, within the client's
// MaxMsgSize and MaxObjSize. Pure: the machine calls it only when nothing is outstanding (the
// one-outstanding-command-set rule) and reports a fault it returns to the backend.
import {
  commandOf,
  encodedSize,
  fittingChunk,
  nextCmdId,
  utf8Length,
  type ChunkMeta,
  type Reply,
} from "./outgoing";
import type { DmCommandSpec } from "./backend";
import type { DmSessionConfig, DmSessionState } from "./state";

export type IssueResult = { ok: true } | { ok: false; code: number; message: string };

const CHUNKABLE: readonly DmCommandSpec["kind"][] = ["Replace", "Add"];

function tooLarge(spec: DmCommandSpec, what: string): IssueResult {
  return { ok: false, code: 413, message: `${spec.kind} ${spec.uri}: ${what}` };
}

export function issueCommands(state: DmSessionState, config: DmSessionConfig, reply: Reply): IssueResult {
  const task = state.task;
  if (!task) return { ok: true };
  const limit = state.clientMaxMsgSize;
  const fits = (): boolean => encodedSize(state, config, reply) <= limit;
  const attempt = (cmdId: string, spec: DmCommandSpec, data: string | undefined, chunk?: ChunkMeta) => {
    reply.commands.push(commandOf(cmdId, spec, data, chunk));
    const ok = fits();
    reply.commands.pop();
    return ok;
  };
  while (task.next < task.commands.length) {
    const index = task.next;
    const spec = task.commands[index]!;
    const data = spec.data;
    const size = data === undefined ? 0 : utf8Length(data);
    if (state.clientMaxObjSize !== undefined && size > state.clientMaxObjSize)
      return tooLarge(spec, `${size} bytes exceed the device's MaxObjSize ${state.clientMaxObjSize}`);
    const offset = state.outgoing?.index === index ? state.outgoing.offset : 0;
    const cmdId = nextCmdId(reply);
    const rest = data?.slice(offset);
    const outstanding = { cmdId, msgId: String(state.serverMsgId), taskId: task.taskId, index, spec };
    if (attempt(cmdId, spec, rest)) {
      reply.commands.push(commandOf(cmdId, spec, rest));
      state.outstanding.push(outstanding);
      state.outgoing = undefined;
      task.next++;
      continue;
    }
    const started = reply.commands.length > 0;
    if (data === undefined || !CHUNKABLE.includes(spec.kind)) {
      if (started) break;
      return tooLarge(spec, `does not fit the device's MaxMsgSize ${limit}`);
    }
    // Meta Size (the whole object's bytes) goes with the first chunk only.
    const chunk: ChunkMeta = { moreData: true, ...(offset === 0 ? { size } : {}) };
    const length = fittingChunk(data, offset, (n) =>
      attempt(cmdId, spec, data.slice(offset, offset + n), chunk),
    );
    if (length === 0) {
      if (started) break;
      return tooLarge(spec, `no chunk fits the device's MaxMsgSize ${limit}`);
    }
    reply.commands.push(commandOf(cmdId, spec, data.slice(offset, offset + length), chunk));
    state.outstanding.push({ ...outstanding, chunk: true });
    state.outgoing = { taskId: task.taskId, index, offset: offset + length };
    break;
  }
  // Part of the package still to send: no Final, the client answers and asks for the rest (1222).
  if (task.next < task.commands.length) reply.final = false;
  return { ok: true };
}

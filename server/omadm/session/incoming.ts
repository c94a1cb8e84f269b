// Reading a client message in the commands phase (package 3): Status matched to the outstanding
// commands by MsgRef/CmdRef, Results matched to the Get they answer (large objects assembled from
// MoreData chunks, 213 per chunk, 424 when the total differs from Meta Size, 413 above the server's
// MaxObjSize), client alerts (1222 next message, 1223 abort, 1226 generic alert, 1200/1201 restart),
// and the commands a client may not send (405) or DM does not define (406).
import {
  itemText,
  type Command,
  type Item,
  type ResultsCommand,
  type StatusCommand,
  type SyncMLMessage,
} from "../syncml";
import type { DmBackend } from "./backend";
import { statusOf, type Reply } from "./outgoing";
import { utf8Length } from "./outgoing";
import { MAX_NOTES, type DmSessionConfig, type DmSessionState, type OutstandingCommand } from "./state";

export interface ClientSignals {
  /** Alert 1222: the client asks for the next message of the server's package */
  wantsNext: boolean;
  /** Alert 1223: the client aborts the session */
  abort: boolean;
}

export const SESSION_START_ALERTS: readonly number[] = [1200, 1201];

export function note(state: DmSessionState, text: string): void {
  if (state.notes.length < MAX_NOTES) state.notes.push(text.slice(0, 300));
}

function takeOutstanding(state: DmSessionState, status: StatusCommand): OutstandingCommand | undefined {
  const i = state.outstanding.findIndex((o) => o.cmdId === status.cmdRef && o.msgId === status.msgRef);
  return i < 0 ? undefined : state.outstanding.splice(i, 1)[0];
}

async function readStatus(state: DmSessionState, status: StatusCommand, backend: DmBackend): Promise<void> {
  if (status.cmdRef === "0") {
    // The client's verdict on the server's Cred; its Chal carries the nonce for our next one.
    const nonce = status.chal?.meta.nextNonce;
    if (nonce !== undefined && state.deviceId !== undefined)
      await backend.setServerNonce(state.deviceId, nonce);
    if (status.code !== 200 && status.code !== 212)
      note(state, `client refused the server credential: ${status.code}`);
    return;
  }
  // The client's Status for our Alert (1222) answers nothing outstanding.
  if (status.cmd === "Alert") return;
  const sent = takeOutstanding(state, status);
  if (!sent || !state.task || sent.taskId !== state.task.taskId) {
    note(state, `Status ${status.code} for unknown CmdRef ${status.cmdRef} (MsgRef ${status.msgRef})`);
    return;
  }
  if (sent.spec.kind !== status.cmd && status.cmd !== "") {
    note(state, `Status for CmdRef ${status.cmdRef} names ${status.cmd}, sent was ${sent.spec.kind}`);
  }
  // A chunk is acknowledged with 213 (some clients say 200); anything else ends the command.
  if (sent.chunk && (status.code === 213 || status.code === 200)) return;
  state.task.statuses[sent.index] = status.code;
}

function resultTarget(state: DmSessionState, results: ResultsCommand, sent: OutstandingCommand[]) {
  const msgRef = results.msgRef ?? String(state.serverMsgId);
  return sent.find((o) => o.cmdId === results.cmdRef && o.msgId === msgRef && o.spec.kind === "Get");
}

function readResultItem(
  state: DmSessionState,
  config: DmSessionConfig,
  item: Item,
  results: ResultsCommand,
  reply: Reply,
  index: number,
): void {
  const task = state.task!;
  const uri = item.source?.locUri ?? "";
  const text = itemText(item) ?? "";
  const partial = state.incoming?.cmdRef === results.cmdRef ? state.incoming : undefined;
  const data = (partial?.data ?? "") + text;
  const meta = { format: partial?.format ?? item.meta?.format, type: partial?.type ?? item.meta?.type };
  const refs = { sourceRefs: uri ? [uri] : [] };
  if (utf8Length(data) > config.serverMaxObjSize) {
    statusOf(reply, state.clientMsgId, results.cmdId, "Results", 413, refs);
    task.statuses[index] = 413;
    state.incoming = undefined;
    return;
  }
  if (item.moreData) {
    state.incoming = {
      cmdRef: results.cmdRef,
      index,
      uri,
      ...meta,
      declaredSize: partial?.declaredSize ?? item.meta?.size,
      data,
    };
    statusOf(reply, state.clientMsgId, results.cmdId, "Results", 213, refs);
    return;
  }
  state.incoming = undefined;
  if (partial?.declaredSize !== undefined && partial.declaredSize !== utf8Length(data)) {
    statusOf(reply, state.clientMsgId, results.cmdId, "Results", 424, refs);
    task.statuses[index] = 424;
    return;
  }
  const list = (task.results[index] ??= []);
  list.push({
    uri,
    ...(meta.format ? { format: meta.format } : {}),
    ...(meta.type ? { type: meta.type } : {}),
    data,
  });
}

function readResults(
  state: DmSessionState,
  config: DmSessionConfig,
  results: ResultsCommand,
  sent: OutstandingCommand[],
  reply: Reply,
): void {
  // A continued large object answers a Get whose Status came with the first chunk.
  const continued = state.incoming?.cmdRef === results.cmdRef ? state.incoming.index : undefined;
  const target = resultTarget(state, results, sent);
  const index = continued ?? (target && target.taskId === state.task?.taskId ? target.index : undefined);
  if (index === undefined || !state.task) {
    note(state, `Results for unknown CmdRef ${results.cmdRef}`);
    return;
  }
  for (const item of results.items.slice(0, 10_000))
    readResultItem(state, config, item, results, reply, index);
}

async function readAlert(
  state: DmSessionState,
  alert: Extract<Command, { kind: "Alert" }>,
  reply: Reply,
  signals: ClientSignals,
  backend: DmBackend,
): Promise<void> {
  if (alert.code === 1222) signals.wantsNext = true;
  else if (alert.code === 1223) signals.abort = true;
  else if (alert.code === 1226 && state.deviceId !== undefined)
    await genericAlerts(state.deviceId, alert, backend);
  statusOf(reply, state.clientMsgId, alert.cmdId, "Alert", 200);
}

export async function genericAlerts(
  deviceId: number,
  alert: Extract<Command, { kind: "Alert" }>,
  backend: DmBackend,
): Promise<void> {
  for (const item of alert.items.slice(0, 100)) {
    await backend.genericAlert(deviceId, {
      source: item.source?.locUri ?? "",
      type: item.meta?.type ?? "",
      format: item.meta?.format ?? "",
      data: itemText(item) ?? "",
      ...(item.meta?.mark ? { mark: item.meta.mark } : {}),
      ...(alert.correlator !== undefined ? { correlator: alert.correlator } : {}),
    });
  }
}

/** Status for a command the client may not send; Unknown (Sync, Map ...) is not a DM command. */
export function refuseCommand(state: DmSessionState, command: Command, reply: Reply): void {
  if (command.kind === "Status" || command.kind === "Results") return;
  const name = command.kind === "Unknown" ? command.name : command.kind;
  statusOf(reply, state.clientMsgId, command.cmdId, name, command.kind === "Unknown" ? 406 : 405);
}

export async function readClientCommands(
  state: DmSessionState,
  config: DmSessionConfig,
  message: SyncMLMessage,
  reply: Reply,
  backend: DmBackend,
): Promise<ClientSignals> {
  const signals: ClientSignals = { wantsNext: false, abort: false };
  const sent = [...state.outstanding];
  for (const command of message.body.commands.slice(0, 10_000)) {
    if (command.kind === "Status") await readStatus(state, command, backend);
    else if (command.kind === "Results") readResults(state, config, command, sent, reply);
    else if (command.kind === "Alert") await readAlert(state, command, reply, signals, backend);
    // DevInfo again (some clients repeat it): accepted, nothing to do mid-session.
    else if (command.kind === "Replace") statusOf(reply, state.clientMsgId, command.cmdId, "Replace", 200);
    else refuseCommand(state, command, reply);
  }
  return signals;
}

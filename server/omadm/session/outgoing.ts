// Building the server's messages: SyncHdr (RespURI with the session token, the server's Cred in
// package 2, MaxMsgSize), Status replies, and the task's commands fitted into the client's
// MaxMsgSize: a command whose Data does not fit goes out in MoreData chunks over several messages
// (Meta Size on the first), commands that no longer fit wait for the next message, and a message
// that carries only part of the package has no Final (the client asks for the rest with Alert 1222).
import {
  serializeSyncML,
  SYNCML_VER_DTD,
  SYNCML_VER_PROTO,
  type Chal,
  type Command,
  type Cred,
  type Item,
  type StatusCommand,
  type SyncMLMessage,
} from "../syncml";
import type { DmCommandSpec } from "./backend";
import type { DmSessionConfig, DmSessionState } from "./state";

export interface Reply {
  statuses: StatusCommand[];
  /** Alerts the server sends (1222 next message, 1223 abort) */
  alerts: Command[];
  commands: Command[];
  final: boolean;
  cred?: Cred;
}

export function newReply(): Reply {
  return { statuses: [], alerts: [], commands: [], final: true };
}

/** The next CmdID of the message being built (statuses, alerts and commands share the sequence). */
export function nextCmdId(reply: Reply): string {
  return String(reply.statuses.length + reply.alerts.length + reply.commands.length + 1);
}

export function statusOf(
  reply: Reply,
  msgRef: string,
  cmdRef: string,
  cmd: string,
  code: number,
  extra: { targetRefs?: string[]; sourceRefs?: string[]; chal?: Chal } = {},
): StatusCommand {
  const status: StatusCommand = {
    kind: "Status",
    cmdId: nextCmdId(reply),
    msgRef,
    cmdRef,
    cmd,
    targetRefs: extra.targetRefs ?? [],
    sourceRefs: extra.sourceRefs ?? [],
    code,
    items: [],
    ...(extra.chal ? { chal: extra.chal } : {}),
  };
  reply.statuses.push(status);
  return status;
}

export function toMessage(state: DmSessionState, config: DmSessionConfig, reply: Reply): SyncMLMessage {
  return {
    header: {
      verDTD: SYNCML_VER_DTD,
      verProto: SYNCML_VER_PROTO,
      sessionId: state.sessionId,
      msgId: String(state.serverMsgId),
      target: { locUri: state.devId },
      source: { locUri: config.serverUrl },
      ...(state.phase === "ended" ? {} : { respUri: respUri(config.serverUrl, state.token) }),
      ...(reply.cred ? { cred: reply.cred } : {}),
      meta: { maxMsgSize: config.serverMaxMsgSize, maxObjSize: config.serverMaxObjSize },
    },
    body: { commands: [...reply.statuses, ...reply.alerts, ...reply.commands], final: reply.final },
  };
}

export function respUri(serverUrl: string, token: string): string {
  const url = new URL(serverUrl);
  url.searchParams.set("s", token);
  return url.toString();
}

export function encodedSize(state: DmSessionState, config: DmSessionConfig, reply: Reply): number {
  const bytes = serializeSyncML(toMessage(state, config, reply), state.encoding);
  // An unserializable message counts as too large: the command is refused instead of sent.
  return bytes.ok ? bytes.value.length : Number.MAX_SAFE_INTEGER;
}

export function commandOf(cmdId: string, spec: DmCommandSpec, data?: string, chunk?: ChunkMeta): Command {
  const meta =
    spec.format || spec.type || chunk?.size !== undefined
      ? {
          ...(spec.format ? { format: spec.format } : {}),
          ...(spec.type ? { type: spec.type } : {}),
          ...(chunk?.size !== undefined ? { size: chunk.size } : {}),
        }
      : undefined;
  const item: Item = {
    target: { locUri: spec.uri },
    ...(meta ? { meta } : {}),
    ...(data !== undefined ? { data } : {}),
    ...(chunk?.moreData ? { moreData: true } : {}),
  };
  return {
    kind: spec.kind,
    cmdId,
    ...(spec.correlator !== undefined ? { correlator: spec.correlator } : {}),
    items: [item],
  };
}

export interface ChunkMeta {
  size?: number;
  moreData?: boolean;
}

export const utf8Length = (text: string): number => Buffer.byteLength(text, "utf8");

/** Characters of `text` from `offset` whose command still fits; never splits a surrogate pair. */
export function fittingChunk(text: string, offset: number, fits: (length: number) => boolean): number {
  let low = 0;
  let high = text.length - offset;
  // Binary search over the chunk length: at most ~25 serializations for a 16 MiB object.
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (fits(mid)) low = mid;
    else high = mid - 1;
  }
  const end = offset + low;
  const code = text.charCodeAt(end - 1);
  return code >= 0xd800 && code <= 0xdbff && low > 1 ? low - 1 : low;
}

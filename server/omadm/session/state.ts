// The state of one OMA DM session between HTTP messages. Plain JSON: the transport stores it in a row
// keyed by the session token (RespURI), so whichever node receives the next message continues it.
import type { DmCommandSpec } from "./backend";

/**
 * Named phases:
 *   auth      package 1 received without (valid) credentials; waiting for package 1 with Cred
 *   commands  authenticated; the server sends commands and reads package 3 answers
 *   ended     the server sent Final with no commands (package 4 closing) or gave up
 */
export type DmPhase = "auth" | "commands" | "ended";

/** A command sent and not yet answered by a Status. */
export interface OutstandingCommand {
  cmdId: string;
  msgId: string;
  taskId: number;
  /** index of the command in its task */
  index: number;
  spec: DmCommandSpec;
  /** a MoreData chunk (not the last): the answer expected is 213 */
  chunk?: boolean;
}

/** A task in flight: its commands and the answers gathered so far. */
export interface TaskInFlight {
  taskId: number;
  name: string;
  commands: DmCommandSpec[];
  /** index of the first command not (completely) sent yet */
  next: number;
  statuses: (number | null)[];
  results: ({ uri: string; format?: string; type?: string; data: string }[] | null)[];
}

/** A large object going out in MoreData chunks over several messages. */
export interface OutgoingChunks {
  taskId: number;
  index: number;
  /** characters of the command's data already sent */
  offset: number;
}

/** A large Results item coming in over several messages. */
export interface IncomingChunks {
  cmdRef: string;
  /** index of the Get in the task */
  index: number;
  uri: string;
  format?: string;
  type?: string;
  declaredSize?: number;
  data: string;
}

export interface DmSessionState {
  phase: DmPhase;
  token: string;
  /** SessionID the client chose (echoed in every server SyncHdr) */
  sessionId: string;
  devId: string;
  deviceId?: number;
  encoding: "xml" | "wbxml";
  /** MsgID of the last server message */
  serverMsgId: number;
  /** MsgID of the last client message (duplicates are refused) */
  clientMsgId: string;
  authType?: string;
  authFailures: number;
  /** the server has sent its own Cred (package 2) */
  serverCredSent: boolean;
  /** MaxMsgSize / MaxObjSize the client declared */
  clientMaxMsgSize: number;
  clientMaxObjSize?: number;
  outstanding: OutstandingCommand[];
  task?: TaskInFlight;
  outgoing?: OutgoingChunks;
  incoming?: IncomingChunks;
  /** protocol problems seen (unknown CmdRef ...), kept for the log */
  notes: string[];
}

export interface DmSessionConfig {
  /** the URL clients post to; RespURI = this + "?s=" + token */
  serverUrl: string;
  serverMaxMsgSize: number;
  serverMaxObjSize: number;
  allowBasic: boolean;
  /** auth failures after which the session ends */
  maxAuthFailures: number;
}

export const DEFAULT_CLIENT_MAX_MSG_SIZE = 16 * 1024;
export const MAX_NOTES = 20;

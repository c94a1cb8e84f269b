// Typed SyncML DM 1.2 messages (OMA-TS-DM_RepPro 1.2 / OMA-TS-SyncML_RepPro 1.2 DTD), the same for
// both encodings. Identifiers (SessionID, MsgID, CmdID, refs) stay strings as the DTD defines them;
// status and alert codes and sizes are numbers. Commands are a union tagged by `kind`, in message
// order. Optional fields are absent (never undefined) after parsing, so parse(serialize(x)) = x.

export const SYNCML_VER_DTD = "1.2";
export const SYNCML_VER_PROTO = "DM/1.2";

export interface Location {
  locUri: string;
  locName?: string;
}

/** MetInf (syncml:metinf) fields a DM server reads or writes. */
export interface Meta {
  format?: string;
  type?: string;
  mark?: string;
  size?: number;
  nextNonce?: string;
  version?: string;
  maxMsgSize?: number;
  maxObjSize?: number;
}

export interface Cred {
  meta?: Meta;
  data: string;
}

export interface Chal {
  meta: Meta;
}

/** Item Data: text, or bytes (WBXML OPAQUE; written as base64 in XML). */
export type ItemData = string | Uint8Array;

export interface Item {
  target?: Location;
  source?: Location;
  meta?: Meta;
  data?: ItemData;
  moreData?: boolean;
}

export interface SyncHdr {
  verDTD: string;
  verProto: string;
  sessionId: string;
  msgId: string;
  target: Location;
  source: Location;
  respUri?: string;
  noResp?: boolean;
  cred?: Cred;
  meta?: Meta;
}

interface CommandBase {
  cmdId: string;
  noResp?: boolean;
}

export type ItemCommandKind = "Add" | "Copy" | "Delete" | "Exec" | "Get" | "Replace";

export interface ItemCommand extends CommandBase {
  kind: ItemCommandKind;
  cred?: Cred;
  meta?: Meta;
  /** Exec only: echoed in the Generic Alert that later reports the result (FUMO). */
  correlator?: string;
  items: Item[];
}

export interface AlertCommand extends CommandBase {
  kind: "Alert";
  cred?: Cred;
  /** Alert code: 1200/1201 session start, 1222 next message, 1223 abort, 1226 generic alert, 11xx UI. */
  code: number;
  correlator?: string;
  items: Item[];
}

export interface ContainerCommand extends CommandBase {
  kind: "Atomic" | "Sequence";
  meta?: Meta;
  commands: Command[];
}

export interface ResultsCommand {
  kind: "Results";
  cmdId: string;
  msgRef?: string;
  cmdRef: string;
  meta?: Meta;
  targetRefs: string[];
  sourceRefs: string[];
  items: Item[];
}

export interface StatusCommand {
  kind: "Status";
  cmdId: string;
  msgRef: string;
  /** "0" refers to the SyncHdr. */
  cmdRef: string;
  /** Name of the command this status answers ("SyncHdr", "Get", ...). */
  cmd: string;
  targetRefs: string[];
  sourceRefs: string[];
  cred?: Cred;
  chal?: Chal;
  code: number;
  items: Item[];
}

/** A command DM does not define (Sync, Put, Map, Search...): kept so the session can answer 406. */
export interface UnknownCommand {
  kind: "Unknown";
  name: string;
  cmdId: string;
}

export type Command =
  AlertCommand | ItemCommand | ContainerCommand | ResultsCommand | StatusCommand | UnknownCommand;

export interface SyncBody {
  commands: Command[];
  final: boolean;
}

export interface SyncMLMessage {
  header: SyncHdr;
  body: SyncBody;
}

export type SyncmlEncoding = "xml" | "wbxml";

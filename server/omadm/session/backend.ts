// The port through which an OMA DM session reaches the business rules (accounts, devices, tasks).
// server/omadm defines it; server/mobile implements it against the database; tests script it in
// memory (memory-backend.ts). Like server/cwmp: no database, no tRPC on this side.
import type { SyncmlEncoding } from "../syncml";

/** A DMAcc as the server keeps it (docs/domain.md §5.3, §5.4). Passwords in clear only in memory. */
export interface DmAccount {
  /** undefined: no account yet, a dev bootstrap candidate (OMADM_DEFAULT_CLIENT_PASSWORD) */
  deviceId?: number;
  /** CLCRED AAuthName: the name the client authenticates with (the DevId unless set otherwise) */
  clientUsername: string;
  clientPassword: string;
  /** The nonce this server issued for the client's next credential (base64 text, "" before any). */
  clientNonce: string;
  /** SRVCRED: the server authenticates to the client with serverId/serverPassword/serverNonce. */
  serverId: string;
  serverPassword: string;
  serverNonce: string;
  authType: string;
}

/** One management command a task asks for; the session gives it a CmdID. */
export interface DmCommandSpec {
  kind: "Get" | "Replace" | "Add" | "Delete" | "Exec";
  uri: string;
  data?: string;
  format?: string;
  type?: string;
  /** Exec only: echoed by the Generic Alert that reports the result later (FUMO). */
  correlator?: string;
}

/** A queued task taken for this session: its commands go out together in one message. */
export interface DmTask {
  taskId: number;
  name: string;
  commands: DmCommandSpec[];
}

/** What came back for one command of a task. */
export interface DmCommandAnswer {
  kind: DmCommandSpec["kind"];
  uri: string;
  status: number;
  /** Get: the Results items (URI -> value with its Meta) */
  results?: { uri: string; format?: string; type?: string; data: string }[];
}

export type DmTaskOutcome =
  | { kind: "done"; answers: DmCommandAnswer[] }
  /** Exec accepted for processing (202): the result comes later in a Generic Alert. */
  | { kind: "waiting"; answers: DmCommandAnswer[] }
  | { kind: "fault"; code: number; message: string; answers: DmCommandAnswer[] };

export interface GenericAlert {
  /** Item Source LocURI (e.g. the FUMO node) */
  source: string;
  type: string;
  format: string;
  data: string;
  mark?: string;
  correlator?: string;
}

export interface DevInfoInput {
  devId: string;
  /** ./DevInfo/* and other URIs the client replaced in package 1, as text */
  values: Record<string, string>;
  encoding: SyncmlEncoding;
  remoteAddress: string;
  account: DmAccount;
  /** the session (RespURI token): it becomes the device's session, any older one of it is over */
  sessionToken: string;
}

export interface DmBackend {
  /** The account of the client whose SyncHdr Source (DevId) is `devId`; undefined = unknown. */
  findAccount(devId: string): Promise<DmAccount | undefined>;
  /**
   * Replace the client nonce, only while it is still `used`: a nonce works once. False when another
   * message already used it (a replay, or two messages racing with one nonce).
   */
  rotateClientNonce(account: DmAccount, used: string, next: string): Promise<boolean>;
  /** The nonce the client issued (its Chal) for the server's next credential. */
  setServerNonce(deviceId: number, nonce: string): Promise<void>;
  /**
   * Package 1's device information: the MOBILE device created or updated; its id. An authenticated
   * package 1 makes this session the device's one (a handset runs one session at a time, so an
   * older session of it is dead): only that session takes the device's tasks.
   */
  recordDevInfo(input: DevInfoInput): Promise<number>;
  /**
   * The device's next task (marked sent), or null when nothing is queued or `sessionToken` is no
   * longer the device's session (a newer one took over); null also ends the device's session.
   */
  nextTask(deviceId: number, sessionToken: string): Promise<DmTask | null>;
  /** The checked answer to a task. */
  finishTask(deviceId: number, taskId: number, outcome: DmTaskOutcome): Promise<void>;
  /** A sent task left unanswered (session restarted or broken): repeated next time, up to the cap. */
  abandonTask(deviceId: number, taskId: number, reason: string): Promise<void>;
  /** Generic Alert 1226 (FUMO result), matched by correlator to a waiting task. */
  genericAlert(deviceId: number, alert: GenericAlert): Promise<void>;
}

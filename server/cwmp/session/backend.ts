// The port through which a CWMP session reaches the business rules (devices, tasks). server/cwmp
// defines it; server/devices implements it against the database; tests script it in memory.
import type {
  AcsRequest,
  AcsResponse,
  CpeRequest,
  CpeResponse,
  CwmpFault,
  DeviceIdStruct,
  InformRequest,
} from "../soap/types";

/** The methods this ACS answers (GetRPCMethods from a CPE): part of the port, since every backend must
 * accept each of them. */
export const ACS_METHODS = [
  "Inform",
  "GetRPCMethods",
  "TransferComplete",
  "AutonomousTransferComplete",
  "DUStateChangeComplete",
  "AutonomousDUStateChangeComplete",
  "RequestDownload",
  "Kicked",
];

/** Which credentials opened the session (the transport's authentication verdict). */
export type AuthPrincipal =
  /** CWMP_AUTH=none */
  | { kind: "none" }
  /** The shared CWMP_USERNAME/CWMP_PASSWORD */
  | { kind: "shared" }
  /** The device's own credentials; `pending`: sent to it and used now for the first time. */
  | { kind: "device"; username: string; pending: boolean };

export interface BeginSessionInput {
  inform: InformRequest;
  /** How the Inform authenticated: shared credentials are refused for a device that has its own. */
  principal: AuthPrincipal;
  sessionId: string;
  remoteAddress: string;
  cwmpVersion: string;
  /** How long the per-device session lock holds without renewal. */
  lockTtlMs: number;
  /**
   * A lock holder known to be dead (a session of this node that no longer exists in this process,
   * e.g. one whose release failed while the database was down, or a session of a node whose heartbeat
   * lapsed): the lock may be taken from it.
   */
  staleHolder?: string;
}

export type BeginSessionResult =
  | { status: "ok"; deviceId: number }
  /** Another session holds the device's lock; holder is its session id (to take over our own). */
  | { status: "locked"; holder?: string; holderOnThisNode?: boolean; holderNodeGone?: boolean }
  /** The device may not open a session this way (identity conflict); nothing was written or sent. */
  | { status: "refused"; reason: string };

export interface DeviceCredentials {
  /** md5(username:realm:password) */
  ha1: string;
  /** Sent to the device and not yet used by it (the shared credentials still work meanwhile). */
  pending: boolean;
  /** The device these per-device credentials belong to. */
  deviceId: DeviceIdStruct;
}

export interface NextTask {
  taskId: number;
  request: AcsRequest;
}

/**
 * Why a session ended without the answer to its outstanding RPC. Each counts one attempt of that
 * task; `message` is the plain reason an operator reads when the attempts cap ends the task.
 */
export interface FailedAttempt {
  taskId: number;
  message: string;
}

export interface SessionBackend {
  /** Per-device CPE credentials for a username, or null (the transport then tries the shared ones). */
  credentialsFor(username: string): Promise<DeviceCredentials | null>;
  /**
   * Digest replay protection shared by every process: record that nonce was used with nonce-count nc
   * (0 when the client sent no qop: single use). False when that nonce was already used with nc or a
   * higher count, i.e. the Authorization header is a replay.
   */
  recordNonceUse(nonce: string, nc: number, expiresAt: Date): Promise<boolean>;
  /** Record the Inform, merge its parameters and take the device's session lock. */
  beginSession(input: BeginSessionInput): Promise<BeginSessionResult>;
  answerCpeRequest(
    deviceId: number,
    message: Exclude<CpeRequest, InformRequest>,
  ): Promise<AcsResponse | CwmpFault>;
  /** Store the CPE's answer to a task; the task leaves the queue only here. */
  completeTask(deviceId: number, taskId: number, result: CpeResponse | CwmpFault): Promise<void>;
  /** End a sent task as a fault at once (an answer that does not fit its request); nothing is merged. */
  failTask(deviceId: number, taskId: number, message: string): Promise<void>;
  /** Mark the next queued task sent and return it, or release the session lock and return null. */
  nextTaskOrRelease(deviceId: number, sessionId: string, lockTtlMs: number): Promise<NextTask | null>;
  /**
   * The session failed (timeout, dropped, protocol error): release the lock. A sent task (`failed`)
   * counts the attempt: it stays to be re-sent, or ends as a fault at the attempts cap.
   */
  abandonSession(deviceId: number, sessionId: string, reason: string, failed?: FailedAttempt): Promise<void>;
}

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

export interface BeginSessionInput {
  inform: InformRequest;
  sessionId: string;
  remoteAddress: string;
  cwmpVersion: string;
  /** How long the per-device session lock holds without renewal. */
  lockTtlMs: number;
}

export type BeginSessionResult = { status: "ok"; deviceId: number } | { status: "locked" };

export interface DeviceCredentials {
  /** md5(username:realm:password) */
  ha1: string;
  /** The device these per-device credentials belong to. */
  deviceId: DeviceIdStruct;
}

export interface NextTask {
  taskId: number;
  request: AcsRequest;
}

export interface SessionBackend {
  /** Per-device CPE credentials for a username, or null (the transport then tries the shared ones). */
  credentialsFor(username: string): Promise<DeviceCredentials | null>;
  /** Record the Inform, merge its parameters and take the device's session lock. */
  beginSession(input: BeginSessionInput): Promise<BeginSessionResult>;
  answerCpeRequest(
    deviceId: number,
    message: Exclude<CpeRequest, InformRequest>,
  ): Promise<AcsResponse | CwmpFault>;
  /** Store the CPE's answer to a task; the task leaves the queue only here. */
  completeTask(deviceId: number, taskId: number, result: CpeResponse | CwmpFault): Promise<void>;
  /** Mark the next queued task sent and return it, or release the session lock and return null. */
  nextTaskOrRelease(deviceId: number, sessionId: string, lockTtlMs: number): Promise<NextTask | null>;
  /** The session failed (timeout, protocol error): release the lock; a sent task stays to be re-sent. */
  abandonSession(deviceId: number, sessionId: string, reason: string): Promise<void>;
}

// What one CWMP session is, and the per-process runtime its steps share. Split from the engine so
// admission, the request/answer loop and session end can each live in a small file of their own.
import type { Logger } from "pino";
import type { CwmpVersion, DeviceIdStruct } from "../soap/types";
import type { CwmpObserver } from "../observer";
import type { RetryAfterPolicy } from "./admission-control";
import type { AuthPrincipal, SessionBackend } from "./backend";
import type { SessionMap } from "./live-sessions";
import type { SessionState } from "./machine";

export interface Session {
  id: string;
  /** Names the session in log lines (`reqId`); unlike `id`, not the cookie that continues it. */
  reqId: string;
  /** The engine's logger with this session's `reqId`. */
  log: Logger;
  openedAt: number;
  state: SessionState;
  deviceId?: number;
  /** The Inform's DeviceId: a new Inform of the same device supersedes this session. */
  identity?: DeviceIdStruct;
  cwmpNamespace: string;
  version: CwmpVersion;
  remoteAddress: string;
  /** The credentials the Inform authenticated with. */
  principal: AuthPrincipal;
  lastActivity: number;
  /** Serialises messages of one session (a CPE must not pipeline, but a broken one might). */
  busy: boolean;
  /**
   * Set when the session's connection closed while its message was being worked on (the CPE gave
   * up waiting); it may still come back on a new one with our cookie: the session ends after this
   * much silence instead of the whole session timeout.
   */
  closedGraceMs?: number;
  /**
   * How the transport found the session (transport/server.ts): one that presented our cookie may use a
   * new connection per request, so its connection closing means nothing; one found by its connection
   * alone ends with it.
   */
  presentedCookie?: boolean;
  foundBySocket?: boolean;
}

/**
 * How long a session whose connection closed waits for its CPE on a new connection. A CPE that opens
 * one per message comes back at once; one that gave up (timed out waiting in a boot storm) must not
 * hold one of the node's sessions for the whole session timeout: 80 such sessions stalled a node for
 * 30 s (bench/storm.ts, 10,000 CPEs).
 */
export const CLOSED_CONNECTION_GRACE_MS = 10_000;

export interface Reply {
  status: 200 | 204 | 400 | 403 | 503;
  body?: string;
  headers?: Record<string, string>;
  /** The session is over after this reply (forget its cookie/socket binding). */
  ended: boolean;
}

export interface EngineOptions {
  sessionTimeoutMs: number;
  log: Logger;
  observer?: CwmpObserver;
  /** Retry-After of refused Informs (default DEFAULT_RETRY_AFTER: 10 s + up to 20 s of jitter). */
  retryAfter?: RetryAfterPolicy;
}

export type Namespaced = Pick<Session, "cwmpNamespace" | "version">;

/** What the engine's steps share: the backend port, the options and this process's sessions. */
export interface SessionRuntime {
  readonly backend: SessionBackend;
  readonly options: EngineOptions;
  readonly sessions: SessionMap;
  /** Shutting down: no new sessions, no new requests to CPEs; outstanding answers are still taken. */
  draining(): boolean;
}

export function deviceOf(session: Session): number {
  if (session.deviceId === undefined) throw new Error("session has no device");
  return session.deviceId;
}

/** The device lock outlives one silent session timeout, so a slow CPE keeps it until the sweep. */
export function lockTtl(options: EngineOptions): number {
  return options.sessionTimeoutMs * 2;
}

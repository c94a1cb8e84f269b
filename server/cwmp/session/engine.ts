// Drives CWMP sessions: admission (inform-admission.ts), the request/answer loop (request-loop.ts)
// and session end (session-end.ts) over the state machine and the backend port. Holds only
// per-process session state; everything that must survive a crash (tasks, results, the device lock)
// lives behind the backend.
import { randomHex } from "./random-hex";
import { cwmpFault } from "../soap";
import type { CwmpFault, Envelope, FromCpe } from "../soap/types";
import type { AuthPrincipal, SessionBackend } from "./backend";
import { refuseInform } from "./inform-admission";
import { SessionMap } from "./live-sessions";
import { initialState, type SessionEnd } from "./machine";
import { faultReply } from "./replies";
import { step, toInput } from "./request-loop";
import { endSession, sweepIdle } from "./session-end";
import type { EngineOptions, Namespaced, Reply, Session, SessionRuntime } from "./session";

export class SessionEngine {
  readonly sessions: SessionMap;
  private draining = false;
  private readonly rt: SessionRuntime;

  constructor(backend: SessionBackend, options: EngineOptions) {
    this.sessions = new SessionMap(options.observer);
    this.rt = { backend, options, sessions: this.sessions, draining: () => this.draining };
  }

  newSession(
    envelope: Namespaced,
    remoteAddress: string,
    principal: AuthPrincipal = { kind: "none" },
  ): Session {
    const reqId = randomHex(8);
    const parent = this.rt.options.log;
    let log: Session["log"] | undefined;
    const session: Session = {
      id: randomHex(16),
      reqId,
      // Made on first use: most sessions log nothing, and a pino child per session was ~1 % of a
      // periodic session's CPU.
      get log() {
        return (log ??= parent.child({ reqId }));
      },
      openedAt: Date.now(),
      principal,
      state: initialState(),
      cwmpNamespace: envelope.cwmpNamespace,
      version: envelope.version,
      remoteAddress,
      lastActivity: Date.now(),
      busy: false,
    };
    this.sessions.set(session.id, session);
    return session;
  }

  /** Stop opening sessions and sending requests (graceful shutdown); answers still complete tasks. */
  drain(): void {
    this.draining = true;
  }

  /** Sessions still waiting for a CPE's answer or in the middle of a step. */
  outstanding(): number {
    let n = 0;
    for (const s of this.sessions.values()) if (s.busy || s.state.kind === "awaitingResponse") n++;
    return n;
  }

  /** Handle one POST of a session: an envelope, or null for an empty POST. */
  async handle(session: Session, envelope: Envelope<FromCpe> | null): Promise<Reply> {
    const id = envelope?.header.id;
    if (session.busy) {
      await this.end(session, { kind: "protocolError", reason: "concurrent request in one session" });
      return faultReply(session, cwmpFault(8003, "concurrent request in one session"), true, id);
    }
    session.busy = true;
    session.lastActivity = Date.now();
    const before = session.state;
    try {
      return await step(this.rt, session, toInput(envelope), envelope?.header);
    } catch (error) {
      session.log.error({ err: error, deviceId: session.deviceId }, "session step failed");
      const beforeInform = session.deviceId === undefined;
      // Judge the end from the state the step started in: an answer we failed to store counts.
      session.state = before;
      await this.end(session, { kind: "internalError", reason: errorText(error) });
      // An Inform we could not record (e.g. the database is restarting): tell the CPE to come back
      // rather than fail its session; mid-session failures are reported as an ACS internal error.
      if (beforeInform && envelope?.body.name === "Inform") {
        const reason = `could not record the Inform: ${errorText(error)}`;
        return refuseInform(this.rt, session, envelope.body, reason, STORE_DOWN_RETRY_AFTER_S);
      }
      return faultReply(session, cwmpFault(8002), true, id);
    } finally {
      // The CPE's time to answer starts when the reply leaves, not when its request came in: a step
      // that waited long on a loaded store must not eat the CPE's share of the session timeout.
      session.lastActivity = Date.now();
      session.busy = false;
    }
  }

  /** A SOAP Fault (HTTP 400) carrying the cwmp:ID of the message it answers, when there was one. */
  faultReply(session: Namespaced, fault: CwmpFault, ended: boolean, id?: string): Reply {
    return faultReply(session, fault, ended, id);
  }

  /** End a session from outside the message flow; the machine decides whether an attempt counts. */
  end(session: Session, input: SessionEnd): Promise<void> {
    return endSession(this.rt, session, input);
  }

  /** Abandon sessions idle for longer than the session timeout; returns how many. */
  sweep(now = Date.now()): Promise<number> {
    return sweepIdle(this.rt, now);
  }

  /** Release every session at shutdown (no attempt is counted: the ACS stopped, not the CPE). */
  async abandonAll(): Promise<void> {
    for (const s of [...this.sessions.values()]) await this.end(s, { kind: "shutdown" });
  }
}

/** A store that failed is likely restarting: ask for a longer wait than a busy lock's. */
const STORE_DOWN_RETRY_AFTER_S = 30;

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

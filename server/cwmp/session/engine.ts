// Drives CWMP sessions: feeds each parsed message through the state machine and performs the
// effect through the backend port. Holds only per-process session state; everything that must
// survive a crash (tasks, results, the device lock) lives behind the backend.
import { randomBytes } from "node:crypto";
import type { Logger } from "pino";
import { cwmpFault, serializeEnvelope } from "../soap";
import type {
  CwmpFault,
  CwmpHeader,
  CwmpVersion,
  DeviceIdStruct,
  Envelope,
  FromAcs,
  FromCpe,
  InformRequest,
} from "../soap/types";
import type { AuthPrincipal, BeginSessionResult, FailedAttempt, SessionBackend } from "./backend";
import {
  afterDispatch,
  initialState,
  transition,
  type SessionEnd,
  type SessionInput,
  type SessionState,
} from "./machine";

export interface Session {
  id: string;
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
}

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
}

type Namespaced = Pick<Session, "cwmpNamespace" | "version">;

/** Session ids alive in this process, whichever listener (HTTP, TLS) runs them. */
const liveInProcess = new Set<string>();

/** The engine's sessions, mirrored into liveInProcess. */
class SessionMap extends Map<string, Session> {
  override set(id: string, session: Session): this {
    liveInProcess.add(id);
    return super.set(id, session);
  }

  override delete(id: string): boolean {
    liveInProcess.delete(id);
    return super.delete(id);
  }
}

export class SessionEngine {
  readonly sessions: Map<string, Session> = new SessionMap();
  /** Shutting down: no new sessions, no new requests to CPEs; outstanding answers are still taken. */
  private draining = false;

  constructor(
    private readonly backend: SessionBackend,
    private readonly options: EngineOptions,
  ) {}

  newSession(
    envelope: Namespaced,
    remoteAddress: string,
    principal: AuthPrincipal = { kind: "none" },
  ): Session {
    const session: Session = {
      id: randomBytes(16).toString("hex"),
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
      return this.faultReply(session, cwmpFault(8003, "concurrent request in one session"), true, id);
    }
    session.busy = true;
    session.lastActivity = Date.now();
    const before = session.state;
    try {
      return await this.step(session, toInput(envelope), envelope?.header);
    } catch (error) {
      this.options.log.error(
        { err: error, session: session.id, deviceId: session.deviceId },
        "session step failed",
      );
      const beforeInform = session.deviceId === undefined;
      // Judge the end from the state the step started in: an answer we failed to store counts.
      session.state = before;
      await this.end(session, { kind: "internalError", reason: errorText(error) });
      // An Inform we could not record (e.g. the database is restarting): tell the CPE to come back
      // rather than fail its session; mid-session failures are reported as an ACS internal error.
      if (beforeInform && envelope?.body.name === "Inform") {
        const refused = this.refuse(
          session,
          envelope.body,
          `could not record the Inform: ${errorText(error)}`,
        );
        return { ...refused, headers: { "Retry-After": "30" } };
      }
      return this.faultReply(session, cwmpFault(8002), true, id);
    } finally {
      session.busy = false;
    }
  }

  private async step(session: Session, input: SessionInput, header: CwmpHeader | undefined): Promise<Reply> {
    const before = session.state;
    const { state, effect } = transition(before, input);
    session.state = state;
    const log = this.options.log;
    switch (effect.kind) {
      case "acceptInform":
        return this.acceptInform(session, effect.message, header);
      case "answerCpeRequest": {
        const answer = await this.backend.answerCpeRequest(this.deviceOf(session), effect.message);
        return this.reply(session, answer, header?.id);
      }
      case "completeTaskThenDispatch":
        await this.backend.completeTask(this.deviceOf(session), effect.taskId, effect.result);
        return this.dispatch(session);
      case "failTask":
        log.warn(
          { session: session.id, deviceId: session.deviceId, taskId: effect.taskId, reason: effect.message },
          "invalid response",
        );
        await this.backend.failTask(this.deviceOf(session), effect.taskId, effect.message);
        // The task has ended already: release the lock without counting an attempt.
        await this.release(session, "invalid response");
        return { status: 204, ended: true };
      case "dispatch":
        if (effect.ignored) {
          log.warn(
            { session: session.id, deviceId: session.deviceId, message: effect.ignored },
            "answer with no request outstanding ignored",
          );
        }
        return this.dispatch(session);
      case "abandon":
        log.info(
          { session: session.id, deviceId: session.deviceId, reason: effect.reason, task: effect.failed },
          "session abandoned",
        );
        await this.release(session, effect.reason, effect.failed);
        return { status: 204, ended: true };
      case "badState":
        log.warn(
          { session: session.id, deviceId: session.deviceId, detail: effect.detail },
          "bad session state",
        );
        await this.release(session, effect.detail, effect.failed);
        return this.faultReply(
          session,
          cwmpFault(8003, `Unexpected message: ${effect.detail}`),
          true,
          header?.id,
        );
    }
  }

  private async acceptInform(
    session: Session,
    inform: InformRequest,
    header: CwmpHeader | undefined,
  ): Promise<Reply> {
    if (this.draining) return this.refuse(session, inform, "ACS shutting down");
    session.identity = inform.deviceId;
    // The device opened a new session: any session of ours with it is over (it will never answer
    // there), whichever connection it used. Release it before taking the lock.
    for (const other of [...this.sessions.values()]) {
      if (other !== session && !other.busy && sameDevice(other.identity, inform.deviceId)) {
        await this.end(other, { kind: "superseded" });
      }
    }
    let begun = await this.begin(session, inform);
    if (begun.status === "locked" && begun.holder !== undefined) {
      // Our own session holds the lock (e.g. under another identity spelling): take it over once.
      const holder = this.sessions.get(begun.holder);
      if (holder && holder !== session && !holder.busy) {
        await this.end(holder, { kind: "superseded" });
        begun = await this.begin(session, inform);
      }
    }
    if (
      begun.status === "locked" &&
      begun.holder !== undefined &&
      begun.holderOnThisNode === true &&
      !liveInProcess.has(begun.holder)
    ) {
      // This node's lock, but no such session lives in this process: it is dead (its release failed,
      // e.g. while the database was restarting). The device's new Inform takes the lock over.
      begun = await this.begin(session, inform, begun.holder);
    }
    if (begun.status === "refused") {
      session.state = { kind: "ended", reason: "aborted" };
      this.sessions.delete(session.id);
      this.options.log.warn(
        { serial: inform.deviceId.serialNumber, remote: session.remoteAddress, reason: begun.reason },
        "Inform refused with 403",
      );
      return { status: 403, ended: true };
    }
    if (begun.status === "locked") {
      const local = begun.holder !== undefined && this.sessions.has(begun.holder);
      return this.refuse(
        session,
        inform,
        local ? "the device's session in this process is busy" : "device locked by another session",
      );
    }
    session.deviceId = begun.deviceId;
    const out: CwmpHeader = { id: header?.id ?? "1" };
    if (header?.supportedCwmpVersions) out.useCwmpVersion = pickVersion(header.supportedCwmpVersions);
    return this.reply(session, { name: "InformResponse", maxEnvelopes: 1 }, undefined, out);
  }

  private begin(session: Session, inform: InformRequest, staleHolder?: string): Promise<BeginSessionResult> {
    return this.backend.beginSession({
      inform,
      sessionId: session.id,
      remoteAddress: session.remoteAddress,
      principal: session.principal,
      cwmpVersion: session.version,
      lockTtlMs: this.lockTtl(),
      ...(staleHolder ? { staleHolder } : {}),
    });
  }

  /** 503 + Retry-After for an Inform we will not serve now; always logged with the device. */
  private refuse(session: Session, inform: InformRequest, reason: string): Reply {
    session.state = { kind: "ended", reason: "aborted" };
    this.sessions.delete(session.id);
    this.options.log.warn(
      {
        serial: inform.deviceId.serialNumber,
        oui: inform.deviceId.oui,
        remote: session.remoteAddress,
        reason,
      },
      "Inform refused with 503",
    );
    return { status: 503, headers: { "Retry-After": "10" }, ended: true };
  }

  private async dispatch(session: Session): Promise<Reply> {
    if (this.draining) {
      await this.end(session, { kind: "shutdown" });
      return { status: 204, ended: true };
    }
    const next = await this.backend.nextTaskOrRelease(this.deviceOf(session), session.id, this.lockTtl());
    const requestId = next ? `${next.taskId}.${Date.now().toString(36)}` : "";
    session.state = afterDispatch(
      session.state,
      next ? { taskId: next.taskId, requestId, requestName: next.request.name } : null,
    );
    if (!next) {
      this.sessions.delete(session.id);
      return { status: 204, ended: true };
    }
    return this.reply(session, next.request, requestId);
  }

  private reply(session: Session, body: FromAcs, id: string | undefined, header?: CwmpHeader): Reply {
    const envelope: Envelope<FromAcs> = {
      cwmpNamespace: session.cwmpNamespace,
      version: session.version,
      header: header ?? { id: id ?? "1" },
      body,
    };
    return { status: 200, body: serializeEnvelope(envelope), ended: false };
  }

  /** A SOAP Fault (HTTP 400) carrying the cwmp:ID of the message it answers, when there was one. */
  faultReply(session: Namespaced, fault: CwmpFault, ended: boolean, id?: string): Reply {
    const body = serializeEnvelope({
      cwmpNamespace: session.cwmpNamespace,
      version: session.version,
      header: { id: id ?? "1" },
      body: fault,
    });
    return { status: 400, body, ended };
  }

  /** End a session from outside the message flow; the machine decides whether an attempt counts. */
  async end(session: Session, input: SessionEnd): Promise<void> {
    const { state, effect } = transition(session.state, input);
    session.state = state;
    if (effect.kind === "abandon") await this.release(session, effect.reason, effect.failed);
    else await this.release(session, input.kind);
  }

  /** Forget the session and release the device's lock (counting `failed` against its task). */
  private async release(session: Session, reason: string, failed?: FailedAttempt): Promise<void> {
    this.sessions.delete(session.id);
    if (session.deviceId === undefined) return;
    await this.backend.abandonSession(session.deviceId, session.id, reason, failed).catch((err: unknown) => {
      this.options.log.error({ err, deviceId: session.deviceId }, "could not release session lock");
    });
  }

  /** Abandon sessions idle for longer than the session timeout; returns how many. */
  async sweep(now = Date.now()): Promise<number> {
    const stale = [...this.sessions.values()].filter(
      (s) => !s.busy && now - s.lastActivity > this.options.sessionTimeoutMs,
    );
    for (const s of stale) {
      this.options.log.info({ session: s.id, deviceId: s.deviceId }, "session timed out");
      await this.end(s, { kind: "timeout" });
    }
    return stale.length;
  }

  /** Release every session at shutdown (no attempt is counted: the ACS stopped, not the CPE). */
  async abandonAll(): Promise<void> {
    for (const s of [...this.sessions.values()]) await this.end(s, { kind: "shutdown" });
  }

  private deviceOf(session: Session): number {
    if (session.deviceId === undefined) throw new Error("session has no device");
    return session.deviceId;
  }

  private lockTtl(): number {
    return this.options.sessionTimeoutMs * 2;
  }
}

function sameDevice(a: DeviceIdStruct | undefined, b: DeviceIdStruct): boolean {
  return (
    a !== undefined &&
    a.oui === b.oui &&
    a.productClass === b.productClass &&
    a.serialNumber === b.serialNumber
  );
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function toInput(envelope: Envelope<FromCpe> | null): SessionInput {
  if (!envelope) return { kind: "emptyPost" };
  const message = envelope.body;
  const id = envelope.header.id;
  if (message.name === "Inform") return { kind: "inform", message };
  if (message.name === "Fault") return { kind: "cpeFault", message, id };
  if (message.name.endsWith("Response")) return { kind: "cpeResponse", message: message as never, id };
  return { kind: "cpeRequest", message: message as never };
}

/** Highest version both sides speak, from the CPE's SupportedCWMPVersions (e.g. "1.0,1.1,1.2,1.4"). */
export function pickVersion(supported: string): string {
  const ours = ["1.4", "1.3", "1.2", "1.1", "1.0"];
  const theirs = new Set(supported.split(",").map((v) => v.trim()));
  return ours.find((v) => theirs.has(v)) ?? "1.0";
}

// Drives CWMP sessions: feeds each parsed message through the state machine and performs the
// effect through the backend port. Holds only per-process session state; everything that must
// survive a crash (tasks, results, the device lock) lives behind the backend.
import { randomBytes } from "node:crypto";
import type { Logger } from "pino";
import { cwmpFault, serializeEnvelope } from "../soap";
import type { CwmpHeader, CwmpVersion, Envelope, FromAcs, FromCpe, InformRequest } from "../soap/types";
import type { SessionBackend } from "./backend";
import { afterDispatch, initialState, transition, type SessionInput, type SessionState } from "./machine";

export interface Session {
  id: string;
  state: SessionState;
  deviceId?: number;
  cwmpNamespace: string;
  version: CwmpVersion;
  remoteAddress: string;
  lastActivity: number;
  /** Serialises messages of one session (a CPE must not pipeline, but a broken one might). */
  busy: boolean;
}

export interface Reply {
  status: 200 | 204 | 400 | 503;
  body?: string;
  headers?: Record<string, string>;
  /** The session is over after this reply (forget its cookie/socket binding). */
  ended: boolean;
}

/** The methods this ACS answers (GetRPCMethods from a CPE). */
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

export interface EngineOptions {
  sessionTimeoutMs: number;
  log: Logger;
}

export class SessionEngine {
  readonly sessions = new Map<string, Session>();

  constructor(
    private readonly backend: SessionBackend,
    private readonly options: EngineOptions,
  ) {}

  newSession(envelope: Envelope, remoteAddress: string): Session {
    const session: Session = {
      id: randomBytes(16).toString("hex"),
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

  /** Handle one POST of a session: an envelope, or null for an empty POST. */
  async handle(session: Session, envelope: Envelope<FromCpe> | null): Promise<Reply> {
    if (session.busy) return this.fail(session, "concurrent request in one session");
    session.busy = true;
    session.lastActivity = Date.now();
    try {
      return await this.step(session, toInput(envelope), envelope?.header);
    } catch (error) {
      this.options.log.error(
        { err: error, session: session.id, deviceId: session.deviceId },
        "session step failed",
      );
      const beforeInform = session.deviceId === undefined;
      await this.abandon(session, "internal error");
      // An Inform we could not record (e.g. the database is restarting): tell the CPE to come back
      // rather than fail its session; mid-session failures are reported as an ACS internal error.
      if (beforeInform) return { status: 503, headers: { "Retry-After": "30" }, ended: true };
      return this.faultReply(session, cwmpFault(8002), true);
    } finally {
      session.busy = false;
    }
  }

  private async step(session: Session, input: SessionInput, header: CwmpHeader | undefined): Promise<Reply> {
    const { state, effect } = transition(session.state, input);
    session.state = state;
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
      case "dispatch":
        return this.dispatch(session);
      case "abandon":
        await this.abandon(session, "timeout");
        return { status: 204, ended: true };
      case "badState":
        this.options.log.warn(
          { session: session.id, deviceId: session.deviceId, detail: effect.detail },
          "bad session state",
        );
        await this.abandon(session, effect.detail);
        return this.faultReply(session, cwmpFault(8003, `Unexpected message: ${effect.detail}`), true);
    }
  }

  private async acceptInform(
    session: Session,
    inform: InformRequest,
    header: CwmpHeader | undefined,
  ): Promise<Reply> {
    const begun = await this.backend.beginSession({
      inform,
      sessionId: session.id,
      remoteAddress: session.remoteAddress,
      cwmpVersion: session.version,
      lockTtlMs: this.lockTtl(),
    });
    if (begun.status === "locked") {
      session.state = { kind: "ended", reason: "aborted" };
      this.sessions.delete(session.id);
      // Another session with this device is still live (possibly in another ACS process).
      return { status: 503, headers: { "Retry-After": "10" }, ended: true };
    }
    session.deviceId = begun.deviceId;
    const out: CwmpHeader = { id: header?.id ?? "1" };
    if (header?.supportedCwmpVersions) out.useCwmpVersion = pickVersion(header.supportedCwmpVersions);
    return this.reply(session, { name: "InformResponse", maxEnvelopes: 1 }, undefined, out);
  }

  private async dispatch(session: Session): Promise<Reply> {
    const next = await this.backend.nextTaskOrRelease(this.deviceOf(session), session.id, this.lockTtl());
    const requestId = next ? `${next.taskId}.${Date.now().toString(36)}` : "";
    session.state = afterDispatch(session.state, next ? { taskId: next.taskId, requestId } : null);
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

  faultReply(
    session: Pick<Session, "cwmpNamespace" | "version">,
    fault: ReturnType<typeof cwmpFault>,
    ended: boolean,
  ): Reply {
    const body = serializeEnvelope({
      cwmpNamespace: session.cwmpNamespace,
      version: session.version,
      header: { id: "1" },
      body: fault,
    });
    return { status: 400, body, ended };
  }

  private async fail(session: Session, reason: string): Promise<Reply> {
    await this.abandon(session, reason);
    return this.faultReply(session, cwmpFault(8003, reason), true);
  }

  /** End a session without completing it; its sent task stays "sent" and is re-sent next time. */
  async abandon(session: Session, reason: string): Promise<void> {
    session.state = { kind: "ended", reason: reason === "timeout" ? "timeout" : "aborted" };
    this.sessions.delete(session.id);
    if (session.deviceId !== undefined) {
      await this.backend.abandonSession(session.deviceId, session.id, reason).catch((err: unknown) => {
        this.options.log.error({ err, deviceId: session.deviceId }, "could not release session lock");
      });
    }
  }

  /** Abandon sessions idle for longer than the session timeout; returns how many. */
  async sweep(now = Date.now()): Promise<number> {
    const stale = [...this.sessions.values()].filter(
      (s) => !s.busy && now - s.lastActivity > this.options.sessionTimeoutMs,
    );
    for (const s of stale) {
      this.options.log.info({ session: s.id, deviceId: s.deviceId }, "session timed out");
      await this.abandon(s, "timeout");
    }
    return stale.length;
  }

  /** Abandon every session (graceful shutdown after in-flight requests finished). */
  async abandonAll(reason: string): Promise<void> {
    for (const s of [...this.sessions.values()]) await this.abandon(s, reason);
  }

  private deviceOf(session: Session): number {
    if (session.deviceId === undefined) throw new Error("session has no device");
    return session.deviceId;
  }

  private lockTtl(): number {
    return this.options.sessionTimeoutMs * 2;
  }
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

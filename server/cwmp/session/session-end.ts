// How sessions end: the machine decides whether the end counts an attempt against the outstanding
// task, then the session is forgotten and the device's lock released.
import type { FailedAttempt } from "./backend";
import { transition, type SessionEnd } from "./machine";
import type { Session, SessionRuntime } from "./session";

/** End a session from outside the message flow; the machine decides whether an attempt counts. */
export async function endSession(rt: SessionRuntime, session: Session, input: SessionEnd): Promise<void> {
  const { state, effect } = transition(session.state, input);
  session.state = state;
  if (effect.kind === "abandon") await releaseSession(rt, session, effect.reason, effect.failed);
  else await releaseSession(rt, session, input.kind);
}

/** Forget the session and release the device's lock (counting `failed` against its task). */
export async function releaseSession(
  rt: SessionRuntime,
  session: Session,
  reason: string,
  failed?: FailedAttempt,
): Promise<void> {
  rt.sessions.delete(session.id);
  if (session.deviceId === undefined) return;
  await rt.backend.abandonSession(session.deviceId, session.id, reason, failed).catch((err: unknown) => {
    session.log.error({ err, deviceId: session.deviceId }, "could not release session lock");
  });
}

/** Abandon sessions idle for longer than the session timeout; returns how many. */
export async function sweepIdle(rt: SessionRuntime, now: number): Promise<number> {
  const stale = [...rt.sessions.values()].filter(
    (s) =>
      !s.busy && now - s.lastActivity > Math.min(rt.options.sessionTimeoutMs, s.closedGraceMs ?? Infinity),
  );
  for (const s of stale) {
    s.log.info({ deviceId: s.deviceId }, "session timed out");
    await endSession(rt, s, { kind: "timeout" });
  }
  return stale.length;
}

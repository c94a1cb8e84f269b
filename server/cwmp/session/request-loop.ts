// The request/answer loop of an admitted session: each CPE message goes through the state machine,
// and its effect (answer a CPE request, complete or fail a task, send the next task, end) is performed
// through the backend port.
import { cwmpFault } from "../soap";
import type { CwmpHeader, Envelope, FromCpe } from "../soap/types";
import { admitInform } from "./inform-admission";
import { afterDispatch, transition, type SessionInput } from "./machine";
import { envelopeReply, faultReply } from "./replies";
import { endSession, releaseSession } from "./session-end";
import { deviceOf, lockTtl, type Reply, type Session, type SessionRuntime } from "./session";

export async function step(
  rt: SessionRuntime,
  session: Session,
  input: SessionInput,
  header: CwmpHeader | undefined,
): Promise<Reply> {
  const { state, effect } = transition(session.state, input);
  session.state = state;
  switch (effect.kind) {
    case "acceptInform":
      return admitInform(rt, session, effect.message, header);
    case "answerCpeRequest": {
      const answer = await rt.backend.answerCpeRequest(deviceOf(session), effect.message);
      return envelopeReply(session, answer, header?.id);
    }
    case "completeTaskThenDispatch":
      await rt.backend.completeTask(deviceOf(session), effect.taskId, effect.result);
      return dispatch(rt, session);
    case "failTask":
      session.log.warn(
        { deviceId: session.deviceId, taskId: effect.taskId, reason: effect.message },
        "invalid response",
      );
      await rt.backend.failTask(deviceOf(session), effect.taskId, effect.message);
      // The task has ended already: release the lock without counting an attempt.
      await releaseSession(rt, session, "invalid response");
      return { status: 204, ended: true };
    case "dispatch":
      if (effect.ignored) {
        session.log.warn(
          { deviceId: session.deviceId, message: effect.ignored },
          "answer with no request outstanding ignored",
        );
      }
      return dispatch(rt, session);
    case "abandon":
      session.log.info(
        { deviceId: session.deviceId, reason: effect.reason, task: effect.failed },
        "session abandoned",
      );
      await releaseSession(rt, session, effect.reason, effect.failed);
      return { status: 204, ended: true };
    case "badState":
      session.log.warn({ deviceId: session.deviceId, detail: effect.detail }, "bad session state");
      await releaseSession(rt, session, effect.detail, effect.failed);
      return faultReply(session, cwmpFault(8003, `Unexpected message: ${effect.detail}`), true, header?.id);
  }
}

/** Send the device's next task, or end the session (204) when there is none or the ACS is draining. */
async function dispatch(rt: SessionRuntime, session: Session): Promise<Reply> {
  if (rt.draining()) {
    await endSession(rt, session, { kind: "shutdown" });
    return { status: 204, ended: true };
  }
  const next = await rt.backend.nextTaskOrRelease(deviceOf(session), session.id, lockTtl(rt.options));
  const requestId = next ? `${next.taskId}.${Date.now().toString(36)}` : "";
  session.state = afterDispatch(
    session.state,
    next ? { taskId: next.taskId, requestId, requestName: next.request.name } : null,
  );
  if (!next) {
    rt.sessions.delete(session.id);
    return { status: 204, ended: true };
  }
  return envelopeReply(session, next.request, requestId);
}

export function toInput(envelope: Envelope<FromCpe> | null): SessionInput {
  if (!envelope) return { kind: "emptyPost" };
  const message = envelope.body;
  const id = envelope.header.id;
  if (message.name === "Inform") return { kind: "inform", message };
  if (message.name === "Fault") return { kind: "cpeFault", message, id };
  if (message.name.endsWith("Response")) return { kind: "cpeResponse", message: message as never, id };
  return { kind: "cpeRequest", message: message as never };
}

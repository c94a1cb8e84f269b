// The CWMP session as a state machine: named states, one pure transition function, and a single
// bad-state path for every illegal (state, input) pair. The engine (./engine.ts) performs the effects.
// Every way a session can end while the ACS waits for an answer is an input here, so the rule "a
// session that ends with an RPC outstanding counts a failed attempt of that task" lives in one place.
import type { AcsRequest, CpeRequest, CpeResponse, CwmpFault, InformRequest } from "../soap/types";
import type { FailedAttempt } from "./backend";

export type SessionState =
  /** New HTTP session: only an Inform is acceptable. */
  | { kind: "awaitingInform" }
  /** InformResponse sent: the CPE may send its own requests, or an empty POST to hand over. */
  | { kind: "cpeRequests"; holdRequests: boolean }
  /** The ACS sent `requestName` (task taskId, cwmp:ID requestId) and waits for the CPE's answer. */
  | {
      kind: "awaitingResponse";
      taskId: number;
      requestId: string;
      requestName: AcsRequest["name"];
      holdRequests: boolean;
    }
  /** 204 sent, or the session failed. */
  | { kind: "ended"; reason: "done" | "fault" | "timeout" | "aborted" };

/** Ways a session ends from outside the message flow; each maps to a plain failed-attempt message. */
export type SessionEnd =
  | { kind: "timeout" }
  | { kind: "closed" }
  | { kind: "superseded" }
  | { kind: "unparseable"; reason: string }
  | { kind: "shutdown" }
  | { kind: "protocolError"; reason: string }
  | { kind: "internalError"; reason: string };

export type SessionInput =
  | { kind: "inform"; message: InformRequest }
  | { kind: "cpeRequest"; message: Exclude<CpeRequest, InformRequest> }
  | { kind: "cpeResponse"; message: CpeResponse; id?: string }
  | { kind: "cpeFault"; message: CwmpFault; id?: string }
  | { kind: "emptyPost" }
  | SessionEnd;

/** What the engine must do next; the state it lands in is decided by the transition alone. */
export type SessionEffect =
  | { kind: "acceptInform"; message: InformRequest }
  | { kind: "answerCpeRequest"; message: Exclude<CpeRequest, InformRequest> }
  | { kind: "completeTaskThenDispatch"; taskId: number; result: CpeResponse | CwmpFault }
  /** The answer does not fit the request: end the task as a fault, merge nothing, end the session. */
  | { kind: "failTask"; taskId: number; message: string }
  /** `ignored` names a message dropped on the way (a late answer from an earlier session). */
  | { kind: "dispatch"; ignored?: string }
  /** End the session; `failed` counts an attempt of the task that was outstanding. */
  | { kind: "abandon"; reason: string; failed?: FailedAttempt }
  | { kind: "badState"; detail: string; failed?: FailedAttempt };

export interface Transition {
  state: SessionState;
  effect: SessionEffect;
}

/** The failed attempt of the outstanding task, if the session is waiting for an answer. */
function failedAttempt(state: SessionState, message: string): FailedAttempt | undefined {
  return state.kind === "awaitingResponse" ? { taskId: state.taskId, message } : undefined;
}

function bad(state: SessionState, input: SessionInput): Transition {
  const detail = `${input.kind}${messageName(input)} not allowed in state ${state.kind}`;
  const failed = failedAttempt(state, `unexpected ${input.kind}${messageName(input)} instead of the answer`);
  return {
    state: { kind: "ended", reason: "fault" },
    effect: failed ? { kind: "badState", detail, failed } : { kind: "badState", detail },
  };
}

function messageName(input: SessionInput): string {
  return "message" in input ? ` (${input.message.name})` : "";
}

/** Reason (for the lock release and logs) and failed-attempt message of each way a session ends. */
function endOf(input: SessionEnd): { reason: string; message?: string } {
  switch (input.kind) {
    case "timeout":
      return { reason: "timeout", message: "no answer: session timed out" };
    case "closed":
      return { reason: "connection closed", message: "no answer: connection closed" };
    case "superseded":
      return { reason: "new Inform", message: "CPE sent a new Inform instead of the answer" };
    case "unparseable":
      return {
        reason: `unparseable envelope: ${input.reason}`,
        message: `unparseable answer: ${input.reason}`,
      };
    // The ACS stopped, not the CPE: no attempt is counted.
    case "shutdown":
      return { reason: "shutdown" };
    case "protocolError":
      return { reason: input.reason, message: `protocol error: ${input.reason}` };
    case "internalError":
      return { reason: "internal error", message: `ACS could not handle the answer: ${input.reason}` };
  }
}

function abandon(state: SessionState, input: SessionEnd): Transition {
  const { reason, message } = endOf(input);
  const failed = message === undefined ? undefined : failedAttempt(state, message);
  return {
    state: { kind: "ended", reason: input.kind === "timeout" ? "timeout" : "aborted" },
    effect: failed ? { kind: "abandon", reason, failed } : { kind: "abandon", reason },
  };
}

/** Why an answer does not fit the request it claims to answer, or null when it does. */
function answerMismatch(
  state: Extract<SessionState, { kind: "awaitingResponse" }>,
  name: string,
  id: string | undefined,
): string | null {
  const expected = `${state.requestName}Response`;
  // A Fault answers any request; a missing cwmp:ID is tolerated (some CPEs omit it).
  if (name !== "Fault" && name !== expected) return `expected ${expected} or a Fault, got ${name}`;
  if (id !== undefined && id !== state.requestId) {
    return `cwmp:ID ${id} does not match the request's ${state.requestId}`;
  }
  return null;
}

export function initialState(): SessionState {
  return { kind: "awaitingInform" };
}

export function transition(state: SessionState, input: SessionInput): Transition {
  switch (input.kind) {
    case "timeout":
    case "closed":
    case "superseded":
    case "unparseable":
    case "shutdown":
    case "protocolError":
    case "internalError":
      return abandon(state, input);
  }
  switch (state.kind) {
    case "awaitingInform":
      if (input.kind === "inform") {
        return {
          state: { kind: "cpeRequests", holdRequests: false },
          effect: { kind: "acceptInform", message: input.message },
        };
      }
      return bad(state, input);
    case "cpeRequests":
      if (input.kind === "cpeRequest" && !state.holdRequests) {
        return { state, effect: { kind: "answerCpeRequest", message: input.message } };
      }
      if (input.kind === "emptyPost") return { state, effect: { kind: "dispatch" } };
      // Nothing is outstanding: an answer here is a late one to a request of an earlier session (the
      // CPE opened this one instead of answering). Drop it and carry on as after an empty POST.
      if (input.kind === "cpeResponse" || input.kind === "cpeFault") {
        return { state, effect: { kind: "dispatch", ignored: input.message.name } };
      }
      return bad(state, input);
    case "awaitingResponse":
      if (input.kind === "cpeResponse" || input.kind === "cpeFault") {
        const mismatch = answerMismatch(state, input.message.name, input.id);
        if (mismatch) {
          return {
            state: { kind: "ended", reason: "fault" },
            effect: { kind: "failTask", taskId: state.taskId, message: `invalid response: ${mismatch}` },
          };
        }
        return {
          state: { kind: "cpeRequests", holdRequests: state.holdRequests },
          effect: { kind: "completeTaskThenDispatch", taskId: state.taskId, result: input.message },
        };
      }
      // An empty POST instead of the answer: the CPE will not answer in this session. End it cleanly
      // (204) and count the attempt; the task is re-sent next time, or ends at the attempts cap.
      if (input.kind === "emptyPost") {
        return {
          state: { kind: "ended", reason: "aborted" },
          effect: {
            kind: "abandon",
            reason: "empty POST instead of the answer",
            failed: { taskId: state.taskId, message: "CPE answered with an empty POST" },
          },
        };
      }
      return bad(state, input);
    case "ended":
      return bad(state, input);
  }
}

/** After a dispatch the engine either sent a request (task) or ended the session with 204. */
export function afterDispatch(
  state: SessionState,
  sent: { taskId: number; requestId: string; requestName: AcsRequest["name"] } | null,
): SessionState {
  const hold = state.kind === "cpeRequests" || state.kind === "awaitingResponse" ? state.holdRequests : false;
  if (sent) return { kind: "awaitingResponse", ...sent, holdRequests: hold };
  return { kind: "ended", reason: "done" };
}

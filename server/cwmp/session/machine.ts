// The CWMP session as a state machine: named states, one pure transition function, and a single
// bad-state path for every illegal (state, input) pair. The engine (./engine.ts) performs the effects.
import type { CpeRequest, CpeResponse, CwmpFault, InformRequest } from "../soap/types";

export type SessionState =
  /** New HTTP session: only an Inform is acceptable. */
  | { kind: "awaitingInform" }
  /** InformResponse sent: the CPE may send its own requests, or an empty POST to hand over. */
  | { kind: "cpeRequests"; holdRequests: boolean }
  /** The ACS sent a request (task taskId, cwmp:ID requestId) and waits for the CPE's answer. */
  | { kind: "awaitingResponse"; taskId: number; requestId: string; holdRequests: boolean }
  /** 204 sent, or the session failed. */
  | { kind: "ended"; reason: "done" | "fault" | "timeout" | "aborted" };

export type SessionInput =
  | { kind: "inform"; message: InformRequest }
  | { kind: "cpeRequest"; message: Exclude<CpeRequest, InformRequest> }
  | { kind: "cpeResponse"; message: CpeResponse; id?: string }
  | { kind: "cpeFault"; message: CwmpFault; id?: string }
  | { kind: "emptyPost" }
  | { kind: "timeout" };

/** What the engine must do next; the state it lands in is decided by the transition alone. */
export type SessionEffect =
  | { kind: "acceptInform"; message: InformRequest }
  | { kind: "answerCpeRequest"; message: Exclude<CpeRequest, InformRequest> }
  | { kind: "completeTaskThenDispatch"; taskId: number; result: CpeResponse | CwmpFault }
  | { kind: "dispatch" }
  | { kind: "abandon" }
  | { kind: "badState"; detail: string };

export interface Transition {
  state: SessionState;
  effect: SessionEffect;
}

const bad = (state: SessionState, input: SessionInput): Transition => ({
  state: { kind: "ended", reason: "fault" },
  effect: {
    kind: "badState",
    detail: `${input.kind}${messageName(input)} not allowed in state ${state.kind}`,
  },
});

function messageName(input: SessionInput): string {
  return "message" in input ? ` (${input.message.name})` : "";
}

export function initialState(): SessionState {
  return { kind: "awaitingInform" };
}

export function transition(state: SessionState, input: SessionInput): Transition {
  if (input.kind === "timeout") {
    return { state: { kind: "ended", reason: "timeout" }, effect: { kind: "abandon" } };
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
      return bad(state, input);
    case "awaitingResponse":
      if (input.kind === "cpeResponse" || input.kind === "cpeFault") {
        return {
          state: { kind: "cpeRequests", holdRequests: state.holdRequests },
          effect: { kind: "completeTaskThenDispatch", taskId: state.taskId, result: input.message },
        };
      }
      // A CPE that got no answer it understood may resend an empty POST; treat it as a lost
      // response: the task stays "sent" and is re-sent in a later session (at most one repeat).
      return bad(state, input);
    case "ended":
      return bad(state, input);
  }
}

/** After a dispatch the engine either sent a request (task) or ended the session with 204. */
export function afterDispatch(
  state: SessionState,
  sent: { taskId: number; requestId: string } | null,
): SessionState {
  const hold = state.kind === "cpeRequests" || state.kind === "awaitingResponse" ? state.holdRequests : false;
  if (sent)
    return { kind: "awaitingResponse", taskId: sent.taskId, requestId: sent.requestId, holdRequests: hold };
  return { kind: "ended", reason: "done" };
}

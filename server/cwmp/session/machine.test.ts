import { describe, expect, it } from "vitest";
import type { InformRequest } from "../soap/types";
import { afterDispatch, initialState, transition, type SessionInput, type SessionState } from "./machine";

const inform: InformRequest = {
  name: "Inform",
  deviceId: { manufacturer: "M", oui: "001122", productClass: "STB", serialNumber: "S1" },
  events: [{ eventCode: "1 BOOT", commandKey: "" }],
  maxEnvelopes: 1,
  currentTime: "2026-01-01T00:00:00Z",
  retryCount: 0,
  parameterList: [],
};

const inputs: SessionInput[] = [
  { kind: "inform", message: inform },
  { kind: "cpeRequest", message: { name: "GetRPCMethods" } },
  { kind: "cpeResponse", message: { name: "RebootResponse" } },
  {
    kind: "cpeFault",
    message: {
      name: "Fault",
      faultcode: "Client",
      faultstring: "CWMP fault",
      faultCode: 9005,
      faultString: "x",
      setParameterValuesFault: [],
    },
  },
  { kind: "emptyPost" },
];

describe("session state machine", () => {
  it("walks a whole session: Inform, CPE request, empty POST, task, response, 204", () => {
    let state = initialState();
    let t = transition(state, { kind: "inform", message: inform });
    expect(t.effect.kind).toBe("acceptInform");
    state = t.state;
    t = transition(state, { kind: "cpeRequest", message: { name: "GetRPCMethods" } });
    expect(t.effect.kind).toBe("answerCpeRequest");
    t = transition(t.state, { kind: "emptyPost" });
    expect(t.effect).toEqual({ kind: "dispatch" });
    state = afterDispatch(t.state, { taskId: 7, requestId: "7.a" });
    expect(state).toEqual({ kind: "awaitingResponse", taskId: 7, requestId: "7.a", holdRequests: false });
    t = transition(state, { kind: "cpeResponse", message: { name: "RebootResponse" } });
    expect(t.effect).toEqual({
      kind: "completeTaskThenDispatch",
      taskId: 7,
      result: { name: "RebootResponse" },
    });
    expect(afterDispatch(t.state, null)).toEqual({ kind: "ended", reason: "done" });
  });

  it("sends every illegal (state, input) pair down the one bad-state path", () => {
    const states: SessionState[] = [
      { kind: "awaitingInform" },
      { kind: "cpeRequests", holdRequests: false },
      { kind: "cpeRequests", holdRequests: true },
      { kind: "awaitingResponse", taskId: 1, requestId: "1", holdRequests: false },
      { kind: "ended", reason: "done" },
    ];
    const legal = new Set([
      "awaitingInform/inform",
      "cpeRequests:false/cpeRequest",
      "cpeRequests:false/emptyPost",
      "cpeRequests:true/emptyPost",
      "awaitingResponse/cpeResponse",
      "awaitingResponse/cpeFault",
    ]);
    for (const state of states) {
      for (const input of inputs) {
        const label = `${state.kind}${state.kind === "cpeRequests" ? `:${state.holdRequests}` : ""}/${input.kind}`;
        const t = transition(state, input);
        if (legal.has(label)) expect(t.effect.kind, label).not.toBe("badState");
        else {
          expect(t.effect.kind, label).toBe("badState");
          expect(t.state, label).toEqual({ kind: "ended", reason: "fault" });
        }
      }
    }
  });

  it("abandons on timeout from any state", () => {
    for (const state of [initialState(), { kind: "cpeRequests", holdRequests: false } as const]) {
      expect(transition(state, { kind: "timeout" })).toEqual({
        state: { kind: "ended", reason: "timeout" },
        effect: { kind: "abandon" },
      });
    }
  });

  it("keeps HoldRequests across the dispatch of ACS requests", () => {
    const state = afterDispatch({ kind: "cpeRequests", holdRequests: true }, { taskId: 1, requestId: "x" });
    expect(state).toMatchObject({ kind: "awaitingResponse", holdRequests: true });
    expect(transition(state, { kind: "cpeResponse", message: { name: "RebootResponse" } }).state).toEqual({
      kind: "cpeRequests",
      holdRequests: true,
    });
  });
});

import { describe, expect, it } from "vitest";
import type { CwmpFault, InformRequest } from "../soap/types";
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

/** Waiting for the answer to GetParameterValues (task 7, cwmp:ID 7.a). */
const waiting: SessionState = {
  kind: "awaitingResponse",
  taskId: 7,
  requestId: "7.a",
  requestName: "GetParameterValues",
  holdRequests: false,
};

const cpeFault: CwmpFault = {
  name: "Fault",
  faultcode: "Client",
  faultstring: "CWMP fault",
  faultCode: 9000,
  faultString: "Method not supported",
  setParameterValuesFault: [],
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
    state = afterDispatch(t.state, { taskId: 7, requestId: "7.a", requestName: "Reboot" });
    expect(state).toEqual({
      kind: "awaitingResponse",
      taskId: 7,
      requestId: "7.a",
      requestName: "Reboot",
      holdRequests: false,
    });
    t = transition(state, { kind: "cpeResponse", message: { name: "RebootResponse" }, id: "7.a" });
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
      { kind: "awaitingResponse", taskId: 1, requestId: "1", requestName: "Reboot", holdRequests: false },
      { kind: "ended", reason: "done" },
    ];
    const legal = new Set([
      "awaitingInform/inform",
      "cpeRequests:false/cpeRequest",
      "cpeRequests:false/emptyPost",
      "cpeRequests:true/emptyPost",
      // late answers of an earlier session: ignored
      "cpeRequests:false/cpeResponse",
      "cpeRequests:false/cpeFault",
      "cpeRequests:true/cpeResponse",
      "cpeRequests:true/cpeFault",
      "awaitingResponse/cpeResponse",
      "awaitingResponse/cpeFault",
      "awaitingResponse/emptyPost",
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

  it("abandons on timeout from any state, counting an attempt only with an RPC outstanding", () => {
    for (const state of [initialState(), { kind: "cpeRequests", holdRequests: false } as const]) {
      expect(transition(state, { kind: "timeout" })).toEqual({
        state: { kind: "ended", reason: "timeout" },
        effect: { kind: "abandon", reason: "timeout" },
      });
    }
    expect(transition(waiting, { kind: "timeout" }).effect).toEqual({
      kind: "abandon",
      reason: "timeout",
      failed: { taskId: 7, message: "no answer: session timed out" },
    });
  });

  it("keeps HoldRequests across the dispatch of ACS requests", () => {
    const state = afterDispatch(
      { kind: "cpeRequests", holdRequests: true },
      { taskId: 1, requestId: "x", requestName: "Reboot" },
    );
    expect(state).toMatchObject({ kind: "awaitingResponse", holdRequests: true });
    expect(transition(state, { kind: "cpeResponse", message: { name: "RebootResponse" } }).state).toEqual({
      kind: "cpeRequests",
      holdRequests: true,
    });
  });

  it("checks each answer against its request: name and cwmp:ID", () => {
    const answer = { name: "GetParameterValuesResponse" as const, parameterList: [] };
    // the right name, the right or a missing ID, or a Fault: the task completes
    for (const input of [
      { kind: "cpeResponse", message: answer, id: "7.a" },
      { kind: "cpeResponse", message: answer },
      { kind: "cpeFault", message: cpeFault, id: "7.a" },
    ] as const) {
      expect(transition(waiting, input).effect).toEqual({
        kind: "completeTaskThenDispatch",
        taskId: 7,
        result: input.message,
      });
    }
    expect(
      transition(waiting, { kind: "cpeResponse", message: { name: "RebootResponse" }, id: "7.a" }),
    ).toEqual({
      state: { kind: "ended", reason: "fault" },
      effect: {
        kind: "failTask",
        taskId: 7,
        message: "invalid response: expected GetParameterValuesResponse or a Fault, got RebootResponse",
      },
    });
    for (const input of [
      { kind: "cpeResponse", message: answer, id: "6.z" },
      { kind: "cpeFault", message: cpeFault, id: "6.z" },
    ] as const) {
      expect(transition(waiting, input).effect).toEqual({
        kind: "failTask",
        taskId: 7,
        message: "invalid response: cwmp:ID 6.z does not match the request's 7.a",
      });
    }
  });

  it("counts a failed attempt for every way a session ends with an RPC outstanding", () => {
    const ends: [SessionInput, string | undefined][] = [
      [{ kind: "emptyPost" }, "CPE answered with an empty POST"],
      [{ kind: "timeout" }, "no answer: session timed out"],
      [{ kind: "closed" }, "no answer: connection closed"],
      [{ kind: "superseded" }, "CPE sent a new Inform instead of the answer"],
      [{ kind: "unparseable", reason: "xml" }, "unparseable answer: xml"],
      [
        { kind: "cpeRequest", message: { name: "GetRPCMethods" } },
        "unexpected cpeRequest (GetRPCMethods) instead of the answer",
      ],
      [{ kind: "shutdown" }, undefined],
    ];
    for (const [input, message] of ends) {
      const t = transition(waiting, input);
      expect(t.state.kind, input.kind).toBe("ended");
      const failed = "failed" in t.effect ? t.effect.failed : undefined;
      expect(failed, input.kind).toEqual(message === undefined ? undefined : { taskId: 7, message });
      // the same end with nothing outstanding counts nothing
      const idle = transition({ kind: "cpeRequests", holdRequests: false }, input);
      expect("failed" in idle.effect ? idle.effect.failed : undefined, input.kind).toBeUndefined();
    }
  });

  it("ignores an answer that arrives with no request outstanding and hands over as an empty POST", () => {
    const state = { kind: "cpeRequests", holdRequests: false } as const;
    expect(
      transition(state, { kind: "cpeResponse", message: { name: "RebootResponse" }, id: "3.x" }),
    ).toEqual({
      state,
      effect: { kind: "dispatch", ignored: "RebootResponse" },
    });
  });
});

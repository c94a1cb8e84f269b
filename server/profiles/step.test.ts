import { describe, expect, it } from "vitest";
import type { Plan } from "./plan";
import { BACKOFF_MS, MAX_FAILURES, decideStep, type StepRow } from "./step";

const NOW = new Date("2026-12-02T10:00:00Z");
const P = { id: 3, version: 2 };
const empty = (): Plan => ({
  reads: [],
  attributeReads: [],
  sets: [],
  attributes: [],
  adds: [],
  deletes: [],
  owned: [],
});
const plan = (over: Partial<Plan>): Plan => ({ ...empty(), ...over });
const row = (over: Partial<StepRow>): StepRow => ({
  status: "pending",
  step: null,
  failures: 0,
  drifts: 0,
  stepPaths: [],
  secretHashes: {},
  pendingSecretHashes: {},
  ...over,
});
const set = (path: string, value: string) => ({ path, value, type: "string", secret: false });

describe("decideStep", () => {
  it("a new device: read what is unknown, then set, then verify, then converged", () => {
    const read = decideStep(null, plan({ reads: ["Device.A"] }), null, P, NOW);
    expect(read.row).toMatchObject({
      status: "pending",
      step: "read",
      stepPaths: ["Device.A"],
      newAttempt: true,
    });
    expect(read.requests).toEqual([{ name: "GetParameterValues", parameterNames: ["Device.A"] }]);

    const change = decideStep(read.row, plan({ sets: [set("Device.A", "1")] }), null, P, NOW);
    expect(change.row).toMatchObject({
      status: "pending",
      step: "set",
      stepPaths: ["Device.A"],
      newAttempt: false,
    });
    expect(change.requests).toEqual([
      {
        name: "SetParameterValues",
        parameterList: [{ name: "Device.A", value: "1", type: "string" }],
        parameterKey: "profile-3-v2",
      },
    ]);

    const verify = decideStep(change.row, empty(), null, P, NOW);
    expect(verify.row).toMatchObject({ step: "verify", stepPaths: ["Device.A"] });
    expect(verify.requests).toEqual([{ name: "GetParameterValues", parameterNames: ["Device.A"] }]);

    const done = decideStep(verify.row, empty(), null, P, NOW);
    expect(done.row).toMatchObject({ status: "converged", step: null, failures: 0, convergedAt: NOW });
    expect(done.requests).toEqual([]);
  });

  it("nothing to do: converged at once, nothing queued", () => {
    const d = decideStep(null, empty(), null, P, NOW);
    expect(d.row.status).toBe("converged");
    expect(d.requests).toEqual([]);
  });

  it("a converged device that changed a value is drifted (counted) and corrected", () => {
    const d = decideStep(
      row({ status: "converged", drifts: 1 }),
      plan({ sets: [set("Device.A", "1")] }),
      null,
      P,
      NOW,
    );
    expect(d.row).toMatchObject({ status: "drifted", drifts: 2, step: "set", newAttempt: true });
  });

  it("a value the device does not keep fails the verify, with what it kept", () => {
    const d = decideStep(
      row({ step: "verify", stepPaths: ["Device.A"] }),
      plan({ sets: [set("Device.A", "1")] }),
      null,
      P,
      NOW,
    );
    expect(d.row).toMatchObject({
      status: "failed",
      failures: 1,
      lastError: "the device did not keep Device.A=1",
    });
    expect(d.row.nextAttemptAt).toEqual(new Date(NOW.getTime() + BACKOFF_MS[0]!));
  });

  it("a faulted task fails the attempt; back-off grows and stops at the cap", () => {
    let r: StepRow = row({ step: "set" });
    const waits: (number | null)[] = [];
    for (let i = 0; i < MAX_FAILURES; i++) {
      const d = decideStep(r, empty(), "9007 Invalid parameter value", P, NOW);
      waits.push(d.row.nextAttemptAt ? d.row.nextAttemptAt.getTime() - NOW.getTime() : null);
      expect(d.requests).toEqual([]);
      r = d.row;
    }
    expect(waits).toEqual([...BACKOFF_MS, null]);
    expect(r).toMatchObject({
      status: "failed",
      failures: MAX_FAILURES,
      lastError: "9007 Invalid parameter value",
    });
  });

  it("a failed profile's retry starts as pending and converging resets the failures", () => {
    const retry = decideStep(
      row({ status: "failed", failures: 2 }),
      plan({ sets: [set("Device.A", "1")] }),
      null,
      P,
      NOW,
    );
    expect(retry.row).toMatchObject({ status: "pending", failures: 2, step: "set" });
    const verify = decideStep(retry.row, empty(), null, P, NOW);
    const done = decideStep(verify.row, empty(), null, P, NOW);
    expect(done.row).toMatchObject({ status: "converged", failures: 0 });
  });

  it("secret hashes are committed only when the set step ends without a fault", () => {
    const secret = {
      path: "Device.ManagementServer.Password",
      value: "x",
      type: "string",
      secret: true,
      secretHash: "h1",
    };
    const sent = decideStep(null, plan({ sets: [secret] }), null, P, NOW);
    expect(sent.row).toMatchObject({
      pendingSecretHashes: { "Device.ManagementServer.Password": "h1" },
      secretHashes: {},
    });
    expect(sent.row.stepPaths).toEqual([]); // a secret cannot be read back
    const ok = decideStep(sent.row, empty(), null, P, NOW);
    expect(ok.row).toMatchObject({
      status: "converged",
      secretHashes: { "Device.ManagementServer.Password": "h1" },
    });
    const refused = decideStep(sent.row, empty(), "9002 Internal error", P, NOW);
    expect(refused.row.secretHashes).toEqual({});
  });

  it("object work goes out in a CPE-friendly order", () => {
    const d = decideStep(
      null,
      plan({
        deletes: ["Device.NAT.PortMapping.3."],
        adds: [{ table: "Device.NAT.PortMapping.", values: { ExternalPort: "1" } }],
        attributes: [{ path: "Device.A", notification: 2 }],
        sets: [set("Device.B", "x")],
      }),
      null,
      P,
      NOW,
    );
    expect(d.requests.map((r) => r.name)).toEqual([
      "DeleteObject",
      "AddObject",
      "SetParameterValues",
      "SetParameterAttributes",
    ]);
  });
});

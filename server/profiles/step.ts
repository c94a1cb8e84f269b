// One device's progress with one profile, as a pure transition: from the row as stored, the fresh plan
// and how the attempt's tasks ended, to the row to store and the requests to queue. Steps: read (unknown
// or stale values), set (the changes), verify (read back what was set). Failures back off and stop at a
// cap, so a device that refuses a value is asked a bounded number of times, never in a loop.
import type { AcsRequest } from "../cwmp/soap/types";
import { planIsEmpty, type Plan } from "./plan";
import { changeRequests, readRequests, verifyRequest } from "./requests";

export type ProfileStep = "read" | "set" | "verify";
export type ProfileStatus = "pending" | "converged" | "drifted" | "failed";

export interface StepRow {
  status: ProfileStatus;
  step: ProfileStep | null;
  failures: number;
  drifts: number;
  stepPaths: string[];
  secretHashes: Record<string, string>;
  pendingSecretHashes: Record<string, string>;
}

export interface StepDecision {
  row: StepRow & {
    convergedAt?: Date;
    nextAttemptAt: Date | null;
    lastError: string | null;
    /** true when this decision begins a new attempt (its tasks are the ones from now on). */
    newAttempt: boolean;
  };
  requests: AcsRequest[];
}

/** Back-off after the 1st, 2nd … failure; after the last one the profile waits for a change or an operator. */
export const BACKOFF_MS = [60_000, 5 * 60_000, 30 * 60_000, 2 * 3_600_000, 12 * 3_600_000];
export const MAX_FAILURES = BACKOFF_MS.length + 1;

const IDLE: StepRow = {
  status: "pending",
  step: null,
  failures: 0,
  drifts: 0,
  stepPaths: [],
  secretHashes: {},
  pendingSecretHashes: {},
};

const hasChanges = (p: Plan) => p.sets.length + p.attributes.length + p.adds.length + p.deletes.length > 0;

function describeChanges(p: Plan): string {
  const parts = [
    ...p.sets.map((s) => (s.secret ? `${s.path} (secret)` : `${s.path}=${s.value}`)),
    ...p.attributes.map((a) => `${a.path} notification ${a.notification}`),
    ...p.adds.map((a) => `a new ${a.table} instance`),
    ...p.deletes.map((d) => `deleting ${d}`),
  ];
  const shown = parts.slice(0, 5).join(", ");
  return parts.length > 5 ? `${shown} and ${parts.length - 5} more` : shown;
}

export function decideStep(
  stored: StepRow | null,
  plan: Plan,
  attemptFault: string | null,
  profile: { id: number; version: number },
  now: Date,
): StepDecision {
  const prev = stored ?? IDLE;
  const base = {
    ...prev,
    newAttempt: false,
    lastError: null as string | null,
    nextAttemptAt: null as Date | null,
  };

  const failed = (message: string): StepDecision => {
    const failures = prev.failures + 1;
    const wait = BACKOFF_MS[failures - 1];
    return {
      row: {
        ...base,
        status: "failed",
        step: null,
        failures,
        stepPaths: [],
        pendingSecretHashes: {},
        lastError: message.slice(0, 500),
        nextAttemptAt: wait === undefined ? null : new Date(now.getTime() + wait),
      },
      requests: [],
    };
  };
  const converged = (secretHashes: Record<string, string>): StepDecision => ({
    row: {
      ...base,
      status: "converged",
      step: null,
      failures: 0,
      stepPaths: [],
      secretHashes,
      pendingSecretHashes: {},
      convergedAt: now,
    },
    requests: [],
  });

  if (attemptFault) return failed(attemptFault);
  // The set step ended without a fault: the secrets it sent are now the device's.
  const committed =
    prev.step === "set" ? { ...prev.secretHashes, ...prev.pendingSecretHashes } : prev.secretHashes;

  if (prev.step === "verify") {
    if (hasChanges(plan)) return failed(`the device did not keep ${describeChanges(plan)}`);
    return converged(committed);
  }
  const newAttempt = prev.step === null;
  if (plan.reads.length + plan.attributeReads.length > 0) {
    return {
      row: {
        ...base,
        // A converged profile stays converged while its values are checked again.
        status: newAttempt && prev.status === "failed" ? "pending" : prev.status,
        step: "read",
        stepPaths: [...plan.reads, ...plan.attributeReads.map((p) => `${p}#attributes`)],
        secretHashes: committed,
        newAttempt,
      },
      requests: readRequests(plan),
    };
  }
  if (hasChanges(plan)) {
    const drifted = prev.status === "converged";
    const setPaths = plan.sets.filter((s) => !s.secret).map((s) => s.path);
    const pending = Object.fromEntries(
      plan.sets.filter((s) => s.secret).map((s) => [s.path, s.secretHash ?? ""]),
    );
    return {
      row: {
        ...base,
        status: drifted ? "drifted" : prev.status === "failed" ? "pending" : prev.status,
        drifts: drifted ? prev.drifts + 1 : prev.drifts,
        step: "set",
        stepPaths: [...new Set([...(prev.step === "set" ? prev.stepPaths : []), ...setPaths])],
        secretHashes: committed,
        pendingSecretHashes: { ...(prev.step === "set" ? prev.pendingSecretHashes : {}), ...pending },
        newAttempt,
      },
      requests: changeRequests(plan, profile.id, profile.version),
    };
  }
  if (prev.step === "set" && prev.stepPaths.length > 0) {
    return {
      row: { ...base, step: "verify", secretHashes: committed, pendingSecretHashes: {} },
      requests: verifyRequest(prev.stepPaths),
    };
  }
  if (!planIsEmpty(plan)) return failed("internal: a plan with nothing to send"); // unreachable by construction
  return converged(committed);
}

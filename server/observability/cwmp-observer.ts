// The Prometheus side of the CWMP stack's observer (server/cwmp/observer.ts): the stack reports
// requests and session ends, this counts them.
import type { CwmpObserver } from "../cwmp/observer";
import { metrics } from "./metrics";

export function cwmpMetricsObserver(): CwmpObserver {
  const m = metrics();
  return {
    request(status, durationMs) {
      m.cwmpRequestDuration.observe({ status: String(status) }, durationMs / 1000);
      // Every 503 of the listener is an admission refusal (node full, locked elsewhere, draining, store down).
      if (status === 503) m.cwmpRefusals.inc();
    },
    sessionEnded(outcome, durationMs) {
      m.cwmpSessions.inc({ outcome });
      m.cwmpSessionDuration.observe({ outcome }, durationMs / 1000);
    },
  };
}

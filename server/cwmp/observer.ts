// What the CWMP stack reports about itself for monitoring. The stack imports nothing outside itself,
// so the process hands it an observer (server/observability registers the Prometheus side); every
// hook is optional and must not throw (a counter never fails a CPE's session).

/** How a session ended: completed (no more work, 204), failed (timeout, drop, fault, error, shutdown)
 * or refused (never admitted: 403 identity rules, 503 device locked elsewhere or ACS draining). */
export type SessionOutcome = "completed" | "failed" | "refused";

export interface CwmpObserver {
  /** One HTTP request of the listener answered: its status and how long it took, in ms. */
  request?(status: number, durationMs: number): void;
  /** A session left this process: how, and how long it lasted, in ms. */
  sessionEnded?(outcome: SessionOutcome, durationMs: number): void;
}

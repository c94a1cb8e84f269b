// What the cluster test watches from outside: every simulated CPE session's end (ok or why not),
// and a value polled at a fixed pace (the console's health through HAProxy).
import type { Fleet } from "../../sim";

interface SessionEnd {
  serial: string;
  at: number;
  ok: boolean;
  error?: string;
}

export interface FailoverFigures {
  /** devices with at least one failed session after the kill */
  interrupted: number;
  /** per interrupted device: kill -> end of its next good session (ms) */
  maxMs: number;
  medianMs: number;
  /** failed sessions after the kill, by error ("HTTP 503", "socket hang up" ...) */
  failures: Record<string, number>;
}

export function sessionLog(fleet: Fleet) {
  const ends: SessionEnd[] = [];
  fleet.on("session", (device: { serial: string }, result: { ok: boolean; error?: string }) => {
    ends.push({ serial: device.serial, at: Date.now(), ok: result.ok, error: result.error });
  });
  return {
    devicesOkAfter(since: number): Set<string> {
      return new Set(ends.filter((e) => e.ok && e.at > since).map((e) => e.serial));
    },
    failoverAfter(since: number): FailoverFigures {
      const failed = ends.filter((e) => !e.ok && e.at > since);
      const failures: Record<string, number> = {};
      for (const f of failed) {
        const reason = f.error ?? "unknown";
        failures[reason] = (failures[reason] ?? 0) + 1;
      }
      const waits = [...new Set(failed.map((f) => f.serial))].map((serial) => {
        const lastFailure = Math.max(...failed.filter((f) => f.serial === serial).map((f) => f.at));
        const recovered = ends.find((e) => e.serial === serial && e.ok && e.at > lastFailure);
        return (recovered?.at ?? Number.POSITIVE_INFINITY) - since;
      });
      waits.sort((a, b) => a - b);
      return {
        interrupted: waits.length,
        maxMs: waits.at(-1) ?? 0,
        medianMs: waits[Math.floor(waits.length / 2)] ?? 0,
        failures,
      };
    },
  };
}

/** Calls `probe` every `ms` (one at a time) until stopped; a thrown error is recorded as its message. */
export function pollEvery<T>(ms: number, probe: () => Promise<T>) {
  const seen: { at: number; value: T | string }[] = [];
  let stopped = false;
  void (async () => {
    while (!stopped) {
      const at = Date.now();
      try {
        seen.push({ at, value: await probe() });
      } catch (error) {
        seen.push({ at, value: (error as Error).message });
      }
      await new Promise((resolve) => setTimeout(resolve, ms));
    }
  })();
  return {
    stop(): { at: number; value: T | string }[] {
      stopped = true;
      return seen;
    },
  };
}

// Maintenance windows: a croner pattern for each window's start, a duration and a time zone. Devices
// are only started while a window is open; a device not reached before it closes waits for the next.
import { Cron } from "croner";
import type { WaveWindow } from "../../../lib/firmware/wave-schema";

export interface WindowState {
  open: boolean;
  /** When the open window closes (open) or null. */
  closesAt: Date | null;
  /** The next opening after now (null if the pattern has none). */
  nextOpen: Date | null;
}

/** Whether `window` is open at `now`: the latest start at or before now, plus the duration. */
export function windowState(window: WaveWindow, now = new Date()): WindowState {
  const cron = new Cron(window.cron, { timezone: window.timeZone, paused: true });
  const durationMs = window.durationMinutes * 60_000;
  // The latest start within one duration before now (a start exactly now counts).
  const [lastStart] = cron.previousRuns(1, new Date(now.getTime() + 1000));
  const open = !!lastStart && lastStart.getTime() + durationMs > now.getTime() && lastStart <= now;
  return {
    open,
    closesAt: open && lastStart ? new Date(lastStart.getTime() + durationMs) : null,
    nextOpen: cron.nextRun(now),
  };
}

/** A validation error for a window (bad pattern or time zone), or null. */
export function windowError(window: WaveWindow): string | null {
  try {
    new Intl.DateTimeFormat("en", { timeZone: window.timeZone });
  } catch {
    return `unknown time zone ${window.timeZone}`;
  }
  try {
    const next = new Cron(window.cron, { timezone: window.timeZone, paused: true }).nextRun();
    return next ? null : "the pattern never matches";
  } catch (err) {
    return `invalid cron pattern: ${err instanceof Error ? err.message : String(err)}`;
  }
}

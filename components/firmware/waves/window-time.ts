// The maintenance window as the form previews it, with croner in the browser: whether a window is open
// at `now` and when the next one opens. The server decides for real; this is what the operator sees
// while typing the pattern.
import { Cron } from "croner";

export type WindowPreview =
  | { ok: true; openNow: boolean; openUntil: Date | null; nextOpen: Date | null }
  | { ok: false; error: string };

export function previewWindow(
  cron: string,
  durationMinutes: number | undefined,
  timeZone: string,
  now: Date,
): WindowPreview {
  if (!cron.trim()) return { ok: false, error: "Enter when each window opens" };
  try {
    const job = new Cron(cron.trim(), { timezone: timeZone || "UTC", paused: true });
    const nextOpen = job.nextRun(now);
    const durationMs = (durationMinutes ?? 0) * 60_000;
    const previous = job.previousRuns(1, now)[0];
    const openUntil =
      previous && durationMs > 0 && previous.getTime() + durationMs > now.getTime()
        ? new Date(previous.getTime() + durationMs)
        : null;
    return { ok: true, openNow: openUntil !== null, openUntil, nextOpen };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return { ok: false, error: /timezone/i.test(message) ? `Unknown time zone ${timeZone}` : message };
  }
}

// Periodic sessions whose Inform found no CWMP work (most of them), for the CWMP backend: their empty
// POST is answered without a claim statement unless work was queued for the device since just before
// the Inform (tasks/queued-signals.ts), and a device whose session ended with nothing is woken if a
// task for it is announced just after (the session may have missed it). Only while this node's
// task-queued listener delivers; otherwise every session claims.
import { ChurnMap } from "../cwmp/churn-map";
import { db } from "../db";
import { logger } from "../logger";
import { SIGNAL_MEMORY_MS, queuedSignals, type SignalMark } from "../tasks/queued-signals";
import { wakeDevice } from "./wake";

/** How long after a session's late task announcement the device is looked at again (see below). */
const WAKE_RECHECK_MS = 1_000;

export class QuietSessions {
  private readonly log = logger("cwmp-backend");
  private readonly signals = queuedSignals();
  /** By session id, in arrival order; one entry per live quiet session (a ChurnMap: see there why). */
  private readonly quiet = new ChurnMap<string, { deviceId: number; mark: SignalMark }>();

  /** Before the Inform statement: work queued after this point is announced after it too. */
  mark(): SignalMark | undefined {
    return this.signals.mark();
  }

  /** The Inform is recorded: without work it makes a quiet session. */
  informed(sessionId: string, deviceId: number, mark: SignalMark | undefined, workQueued: boolean): void {
    if (!mark || workQueued) return;
    this.quiet.set(sessionId, { deviceId, mark });
    // Sessions that ended without a word to the backend go once older than any mark is trusted.
    for (const [id, entry] of this.quiet.entries()) {
      if (mark.at - entry.mark.at < SIGNAL_MEMORY_MS) break;
      this.quiet.delete(id);
    }
  }

  /** At the session's first claim: true when it may end without one (nothing queued since). */
  mayEndWithoutClaim(sessionId: string, deviceId: number): boolean {
    const entry = this.quiet.get(sessionId);
    this.quiet.delete(sessionId);
    return entry?.deviceId === deviceId && !this.signals.queuedSince(deviceId, entry.mark);
  }

  ended(sessionId: string): void {
    this.quiet.delete(sessionId);
  }

  /**
   * The session ended with nothing to do: a task committed as it ended is announced just after. The
   * node that queued it woke the device at once, most likely while this session still ran (and the CPE
   * let that connection request go); so a second look after WAKE_RECHECK_MS: still queued and no
   * session holding the device (the first wake's session would) -> a connection request now.
   */
  endedWithNothing(deviceId: number): void {
    if (!this.signals.isListening) return;
    this.signals.watch(deviceId, () => {
      setTimeout(() => {
        wakeIfStillQueued(deviceId).catch((err: unknown) =>
          this.log.warn({ err, deviceId }, "wake after session failed"),
        );
      }, WAKE_RECHECK_MS).unref();
    });
  }
}

async function wakeIfStillQueued(deviceId: number): Promise<void> {
  const queued = await db().task.count({ where: { deviceId, state: "queued", protocol: "cwmp" } });
  // wakeDevice sends nothing to a device whose session holds its lock (one with work takes it).
  if (queued > 0) await wakeDevice(deviceId);
}

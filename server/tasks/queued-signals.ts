// Which devices had CWMP work queued since a moment, known without asking the database. A trigger on
// Task (migration task_queued_notify) sends NOTIFY vantage_task_queued '<deviceId>' when a task is
// queued, committed with it; this node listens on a connection of its own. A periodic session whose
// Inform found no work (most of them) then answers its empty POST without a claim statement unless a
// signal for its device came in since just before its Inform, and a device signalled just after its
// session ended is woken (the session may have missed a task committed as it ended).
//
// Safe by construction: while the listener is not known to deliver (not connected yet, reconnecting,
// or its periodic self-probe did not come back, as behind a transaction-mode pgbouncer), mark()
// returns undefined and every session claims as before; a mark from before a reconnection, or older
// than the signals kept, counts as "something may have been queued".

import { ChurnMap } from "../cwmp/churn-map";
import { processSlot } from "../core/process-slot";

/** A point in the signal stream: signals after it are "since". */
export interface SignalMark {
  seq: number;
  epoch: number;
  at: number;
}

/** Signals older than this are forgotten; a mark as old answers "maybe queued" (a session is shorter). */
export const SIGNAL_MEMORY_MS = 120_000;
/** How long after a session ends with nothing a signal for its device still wakes it. */
export const WAKE_GRACE_MS = 2_000;

export class QueuedSignals {
  private seq = 0;
  private epoch = 0;
  private listening = false;
  private readonly last = new Map<number, number>();
  /** (time, seq) every few seconds: what may be forgotten. */
  private readonly checkpoints: { at: number; seq: number }[] = [];
  /** One entry per session that ended with nothing, for 2 s (a ChurnMap: see there why). */
  private readonly watching = new ChurnMap<
    number,
    { deviceId: number; until: number; onQueued: () => void }
  >();
  private forgotAt = -Infinity;

  constructor(private readonly now: () => number = Date.now) {}

  /** The listener delivers (again): marks taken from now on may be trusted. */
  delivering(): void {
    if (!this.listening) this.epoch += 1;
    this.listening = true;
  }

  /** The listener lost its connection or a probe did not come back: no mark is trusted. */
  lost(): void {
    this.listening = false;
    this.epoch += 1;
  }

  get isListening(): boolean {
    return this.listening;
  }

  mark(): SignalMark | undefined {
    return this.listening ? { seq: this.seq, epoch: this.epoch, at: this.now() } : undefined;
  }

  /** True unless it is certain that no work was queued for the device since the mark. */
  queuedSince(deviceId: number, mark: SignalMark): boolean {
    if (!this.listening || mark.epoch !== this.epoch) return true;
    if (this.now() - mark.at >= SIGNAL_MEMORY_MS) return true;
    // mark.seq is the last signal before the mark: later ones are numbered above it.
    return (this.last.get(deviceId) ?? -1) > mark.seq;
  }

  signal(deviceId: number): void {
    this.seq += 1;
    this.last.set(deviceId, this.seq);
    const watch = this.watching.get(deviceId);
    if (watch) {
      this.watching.delete(deviceId);
      if (watch.until >= this.now()) watch.onQueued();
    }
    // At most once a second: a bulk operation announces thousands of devices in a burst, and a sweep
    // walks every watch.
    if (this.now() - this.forgotAt >= 1_000) this.forget();
  }

  /**
   * A task of this process is being queued for the device (called inside the inserting transaction,
   * before its commit): a session of the device marked before claims at its empty POST, where the
   * commit is done (the session's own Inform reactions finish before the InformResponse). No wake:
   * the commit's NOTIFY does that.
   */
  noteLocal(deviceId: number): void {
    this.seq += 1;
    this.last.set(deviceId, this.seq);
  }

  /** Calls onQueued once if the device is signalled within WAKE_GRACE_MS. */
  watch(deviceId: number, onQueued: () => void): void {
    this.watching.set(deviceId, { deviceId, until: this.now() + WAKE_GRACE_MS, onQueued });
  }

  /** Bounded memory: signals and watches past their use go (called on every signal and by a timer). */
  forget(): void {
    const now = this.now();
    this.forgotAt = now;
    const lastCheckpoint = this.checkpoints[this.checkpoints.length - 1];
    if (!lastCheckpoint || now - lastCheckpoint.at >= 5_000)
      this.checkpoints.push({ at: now, seq: this.seq });
    let horizon = -1;
    while (this.checkpoints.length > 1 && now - (this.checkpoints[0]?.at ?? now) > SIGNAL_MEMORY_MS) {
      horizon = this.checkpoints.shift()?.seq ?? horizon;
    }
    if (horizon >= 0) for (const [id, seq] of this.last) if (seq <= horizon) this.last.delete(id);
    for (const watch of this.watching.values()) if (watch.until < now) this.watching.delete(watch.deviceId);
  }

  /** How much is held (the tests check that memory stays bounded). */
  get size(): { signals: number; watching: number } {
    return { signals: this.last.size, watching: this.watching.size };
  }
}

const slot = processSlot<{ signals: QueuedSignals }>("queued-signals");

/** This process's signals (one per process: the CWMP backend, the task writers and the listener share it). */
export function queuedSignals(): QueuedSignals {
  return (slot.signals ??= new QueuedSignals());
}

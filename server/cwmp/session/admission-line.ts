// Informs that find the node full wait here, a few seconds at most, for a session to end, instead of
// being refused at once. A refused CPE comes back after a whole number of seconds (Retry-After), so
// a boot storm's herd, refused in the same instant, returns in the same instant again: 80 sessions
// admitted at once, run in lockstep, end together, and until the next clump arrives the node has
// nothing to do (bench/storm.ts, 3,000 CPEs: sampled every 100 ms, the node was empty 40 % of the
// time). Those waiting here take each slot the moment it frees, so the node stays full between clumps;
// only beyond the line's capacity, or after the wait, is an Inform refused (503 + Retry-After).
import type { Reply } from "./session";

/** What lets a waiting Inform know its CPE hung up (the HTTP response: "close" before it is sent). */
export interface Departure {
  once(event: "close", listener: () => void): unknown;
  off(event: "close", listener: () => void): unknown;
}

interface Waiting {
  resolve(reply: Reply | undefined): void;
  timer: NodeJS.Timeout;
  client: Departure | undefined;
  gone: () => void;
}

export interface AdmissionLineOptions {
  /** Informs that may wait at once (0: none waits). */
  capacity: number;
  /** The longest an Inform waits before it is refused, ms. */
  maxWaitMs: number;
}

export class AdmissionLine {
  private readonly waiting: Waiting[] = [];
  private closed = false;

  constructor(private readonly options: AdmissionLineOptions) {}

  get length(): number {
    return this.waiting.length;
  }

  /** Whether another Inform may join (room left, and not closed). */
  canJoin(): boolean {
    return !this.closed && this.options.maxWaitMs > 0 && this.waiting.length < this.options.capacity;
  }

  /**
   * Waits for `admitNext` to pick this Inform (undefined: admitted), or for the wait to run out
   * (`timedOut()`'s reply) or the CPE to hang up (`gone`'s reply, never sent).
   */
  join(client: Departure | undefined, timedOut: () => Reply, gone: () => Reply): Promise<Reply | undefined> {
    return new Promise((resolve) => {
      const entry: Waiting = {
        resolve,
        client,
        timer: setTimeout(() => this.leave(entry, timedOut()), this.options.maxWaitMs),
        gone: () => this.leave(entry, gone()),
      };
      client?.once("close", entry.gone);
      this.waiting.push(entry);
    });
  }

  /** Admits the longest-waiting Inform; false when none waits. */
  admitNext(): boolean {
    const next = this.waiting.shift();
    if (!next) return false;
    this.settle(next, undefined);
    return true;
  }

  /** Refuses everyone waiting, and everyone who would join from now on (the listener is closing). */
  close(refusal: () => Reply): void {
    this.closed = true;
    for (const entry of this.waiting.splice(0)) this.settle(entry, refusal());
  }

  private leave(entry: Waiting, reply: Reply): void {
    const at = this.waiting.indexOf(entry);
    if (at < 0) return;
    this.waiting.splice(at, 1);
    this.settle(entry, reply);
  }

  private settle(entry: Waiting, reply: Reply | undefined): void {
    clearTimeout(entry.timer);
    entry.client?.off("close", entry.gone);
    entry.resolve(reply);
  }
}

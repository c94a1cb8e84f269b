// The task-queued signals a quiet session relies on: nothing trusted until the listener delivers, a
// signal counts only for its device and only after the mark, a reconnection or an old mark means
// "maybe queued", a watch wakes once within its grace, and memory stays bounded.
import { describe, expect, it } from "vitest";
import { QueuedSignals, SIGNAL_MEMORY_MS, WAKE_GRACE_MS } from "./queued-signals";

function signalsAt(start = 1_000_000) {
  const clock = { now: start };
  return { clock, signals: new QueuedSignals(() => clock.now) };
}

describe("QueuedSignals", () => {
  it("gives no mark until the listener delivers, and none after it is lost", () => {
    const { signals } = signalsAt();
    expect(signals.mark()).toBeUndefined();
    signals.delivering();
    expect(signals.mark()).toBeDefined();
    signals.lost();
    expect(signals.mark()).toBeUndefined();
  });

  it("a signal after the mark counts for its device only; one before it does not", () => {
    const { signals } = signalsAt();
    signals.delivering();
    signals.signal(7);
    const mark = signals.mark()!;
    expect(signals.queuedSince(7, mark)).toBe(false);
    signals.signal(8);
    expect(signals.queuedSince(7, mark)).toBe(false);
    expect(signals.queuedSince(8, mark)).toBe(true);
    signals.noteLocal(7);
    expect(signals.queuedSince(7, mark)).toBe(true);
  });

  it("a mark from before a reconnection, or older than the signals kept, means maybe queued", () => {
    const { clock, signals } = signalsAt();
    signals.delivering();
    const before = signals.mark()!;
    signals.lost();
    signals.delivering();
    expect(signals.queuedSince(1, before)).toBe(true);
    const old = signals.mark()!;
    expect(signals.queuedSince(1, old)).toBe(false);
    clock.now += SIGNAL_MEMORY_MS;
    expect(signals.queuedSince(1, old)).toBe(true);
  });

  it("a watch calls back once when its device is signalled within the grace, never after", () => {
    const { clock, signals } = signalsAt();
    signals.delivering();
    let woken = 0;
    signals.watch(5, () => (woken += 1));
    signals.noteLocal(5); // inside the inserting transaction: no wake yet
    expect(woken).toBe(0);
    signals.signal(5);
    signals.signal(5);
    expect(woken).toBe(1);
    signals.watch(6, () => (woken += 1));
    clock.now += WAKE_GRACE_MS + 1;
    signals.signal(6);
    expect(woken).toBe(1);
  });

  it("forgets signals and watches past their use", () => {
    const { clock, signals } = signalsAt();
    signals.delivering();
    for (let id = 1; id <= 1000; id++) {
      signals.signal(id);
      signals.watch(id + 5000, () => undefined);
    }
    expect(signals.size).toEqual({ signals: 1000, watching: 1000 });
    const mark = signals.mark()!;
    clock.now += 10_000;
    signals.forget();
    expect(signals.size.watching).toBe(0);
    clock.now += SIGNAL_MEMORY_MS;
    signals.signal(2000);
    clock.now += 6_000;
    signals.forget();
    expect(signals.size.signals).toBe(1);
    // A mark as old as what was forgotten is not trusted.
    expect(signals.queuedSince(1, mark)).toBe(true);
  });
});

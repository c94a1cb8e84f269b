import { EventEmitter } from "node:events";
import { afterEach, describe, expect, it, vi } from "vitest";
import { AdmissionControl } from "./admission-control";
import type { Reply } from "./session";

const policy = { baseSeconds: 10, spreadSeconds: 20 };

/** An admission control of `max` sessions whose open sessions the test sets. */
function control(max: number, line = { capacity: 3, maxWaitMs: 5000 }) {
  let open = 0;
  const admission = new AdmissionControl({
    maxSessions: max,
    minSessions: 0,
    retryAfter: policy,
    line,
    openSessions: () => open,
  });
  /** One Inform comes in: admitted, its session opens (open + 1). */
  const informs = (): Reply | undefined | Promise<Reply | undefined> => {
    const verdict = admission.enter();
    if (verdict === undefined) {
      open++;
      admission.started();
    }
    return verdict;
  };
  return {
    admission,
    informs,
    /** A session ends: its slot goes on. */
    end: () => {
      open--;
      admission.sessionEnded();
    },
    /** A waiting Inform was admitted: its session opens. */
    opens: () => {
      open++;
      admission.started();
    },
    open: () => open,
  };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("AdmissionControl's waiting line", () => {
  it("a full node lets Informs wait and hands each ending session's slot to the longest-waiting", async () => {
    const c = control(2);
    expect(c.informs()).toBeUndefined();
    expect(c.informs()).toBeUndefined();
    const order: string[] = [];
    const waits = ["A", "B", "C"].map((name) => {
      const verdict = c.informs();
      expect(verdict).toBeInstanceOf(Promise);
      return (verdict as Promise<Reply | undefined>).then((r) => {
        order.push(name);
        if (r === undefined) c.opens();
        return r;
      });
    });
    expect(c.admission.waiting).toBe(3);
    // A fourth finds the line full: refused at once.
    expect((c.informs() as Reply).status).toBe(503);
    c.end();
    await waits[0];
    expect(order).toEqual(["A"]);
    c.end();
    c.end();
    expect(await Promise.all(waits)).toEqual([undefined, undefined, undefined]);
    expect(order).toEqual(["A", "B", "C"]);
    expect(c.open()).toBe(2);
    expect(c.admission.refused).toBe(1);
  });

  it("nobody overtakes the line: a new Inform waits behind those already waiting", async () => {
    const c = control(1);
    expect(c.informs()).toBeUndefined();
    const first = c.informs() as Promise<Reply | undefined>;
    c.end();
    // The slot is first's (its session is not open yet): the newcomer waits.
    expect(c.informs()).toBeInstanceOf(Promise);
    expect(await first).toBeUndefined();
  });

  it("a slot admitted but not yet a session is not handed out twice", async () => {
    const c = control(2);
    expect(c.informs()).toBeUndefined();
    expect(c.informs()).toBeUndefined();
    const a = c.informs() as Promise<Reply | undefined>;
    const b = c.informs() as Promise<Reply | undefined>;
    c.end();
    expect(await a).toBeUndefined();
    // a's session does not exist yet; another session ending frees exactly one more slot.
    c.end();
    expect(await b).toBeUndefined();
    expect(c.admission.waiting).toBe(0);
    // Both admitted, no session open yet, two slots taken: a third waits.
    expect(c.informs()).toBeInstanceOf(Promise);
  });

  it("an Inform that waited its time gets the 503 with Retry-After, counted as refused", async () => {
    vi.useFakeTimers();
    const c = control(1, { capacity: 5, maxWaitMs: 3000 });
    expect(c.informs()).toBeUndefined();
    const waiting = c.informs() as Promise<Reply | undefined>;
    await vi.advanceTimersByTimeAsync(2999);
    expect(c.admission.waiting).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    const reply = await waiting;
    expect(reply?.status).toBe(503);
    expect(Number(reply?.headers?.["Retry-After"])).toBeGreaterThanOrEqual(10);
    expect(c.admission.waiting).toBe(0);
    expect(c.admission.refused).toBe(1);
    // Its slot was never taken: the next ending session's slot is free for anyone.
    c.end();
    expect(c.informs()).toBeUndefined();
  });

  it("a CPE that hangs up while waiting leaves the line without taking a slot", async () => {
    const c = control(1);
    expect(c.informs()).toBeUndefined();
    const hungUp = new EventEmitter();
    const gone = c.admission.enter(hungUp) as Promise<Reply | undefined>;
    const next = c.informs() as Promise<Reply | undefined>;
    hungUp.emit("close");
    expect((await gone)?.status).toBe(503);
    expect(hungUp.listenerCount("close")).toBe(0);
    c.end();
    expect(await next).toBeUndefined();
    expect(c.admission.refused).toBe(0);
  });

  it("an admitted waiter stops listening for its CPE's hang-up", async () => {
    const c = control(1);
    expect(c.informs()).toBeUndefined();
    const client = new EventEmitter();
    const waiting = c.admission.enter(client) as Promise<Reply | undefined>;
    expect(client.listenerCount("close")).toBe(1);
    c.end();
    expect(await waiting).toBeUndefined();
    expect(client.listenerCount("close")).toBe(0);
  });

  it("closing refuses those waiting and everyone after at once", async () => {
    const c = control(1);
    expect(c.informs()).toBeUndefined();
    const waiting = c.informs() as Promise<Reply | undefined>;
    c.admission.close();
    expect((await waiting)?.status).toBe(503);
    expect((c.informs() as Reply).status).toBe(503);
  });

  it("an Inform that may not wait (a large body) is refused at once even with room in line", () => {
    const c = control(1);
    expect(c.informs()).toBeUndefined();
    expect((c.admission.enter(undefined, false) as Reply).status).toBe(503);
    expect(c.admission.waiting).toBe(0);
  });

  it("without a line (capacity 0 or no wait) a full node refuses at once", () => {
    for (const line of [
      { capacity: 0, maxWaitMs: 5000 },
      { capacity: 10, maxWaitMs: 0 },
    ]) {
      const c = control(1, line);
      expect(c.informs()).toBeUndefined();
      expect((c.informs() as Reply).status).toBe(503);
    }
  });
});

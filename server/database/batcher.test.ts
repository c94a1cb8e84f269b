import { describe, expect, it } from "vitest";
import { Batcher, ItemFailure } from "./batcher";

/** A run that records its batches and holds the first one until release() (the others resolve at once). */
function firstRunHeld() {
  const batches: number[][] = [];
  let release: () => void = () => undefined;
  const run = (items: number[]): Promise<number[]> => {
    batches.push(items);
    if (batches.length > 1) return Promise.resolve(items);
    return new Promise((resolve) => (release = () => resolve(items)));
  };
  return { batches, run, release: () => release() };
}

describe("Batcher", () => {
  it("runs calls of one turn as one batch, in order, and later calls as another", async () => {
    const batches: number[][] = [];
    const batcher = new Batcher<number, number>((items) => {
      batches.push(items);
      return Promise.resolve(items.map((i) => i * 10));
    });
    const first = await Promise.all([batcher.add(1), batcher.add(2), batcher.add(3)]);
    const second = await batcher.add(4);
    expect(first).toEqual([10, 20, 30]);
    expect(second).toBe(40);
    expect(batches).toEqual([[1, 2, 3], [4]]);
  });

  it("splits at the batch size and rejects every member of a failed batch", async () => {
    const sizes: number[] = [];
    const batcher = new Batcher<number, number>((items) => {
      sizes.push(items.length);
      return items.includes(5) ? Promise.reject(new Error("boom")) : Promise.resolve(items);
    }, 2);
    const results = await Promise.allSettled([1, 2, 3, 4, 5].map((i) => batcher.add(i)));
    expect(sizes).toEqual([2, 2, 1]);
    expect(results.map((r) => r.status)).toEqual([
      "fulfilled",
      "fulfilled",
      "fulfilled",
      "fulfilled",
      "rejected",
    ]);
  });

  it("fails only the items the run marks as failed, and every item of a run that throws", async () => {
    const perItem = new Batcher<number, number>((items) =>
      Promise.resolve(items.map((i) => (i === 2 ? new ItemFailure(new Error(`bad ${i}`)) : i))),
    );
    const settled = await Promise.allSettled([1, 2, 3].map((i) => perItem.add(i)));
    expect(settled.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect((settled[1] as PromiseRejectedResult).reason).toEqual(new Error("bad 2"));

    const throwing = new Batcher<number, number>(() => {
      throw new Error("sync");
    });
    const all = await Promise.allSettled([1, 2].map((i) => throwing.add(i)));
    expect(all.map((r) => r.status)).toEqual(["rejected", "rejected"]);
  });

  it("rejects the calls a run returned no result for", async () => {
    const short = new Batcher<number, number>((items) => Promise.resolve(items.slice(0, 1)));
    const settled = await Promise.allSettled([1, 2].map((i) => short.add(i)));
    expect(settled.map((r) => r.status)).toEqual(["fulfilled", "rejected"]);
  });

  it("with maxInFlight, calls made while a run is under way wait for it and go together", async () => {
    const gate = firstRunHeld();
    const { batches } = gate;
    const batcher = new Batcher<number, number>(gate.run, 200, 1);
    const first = batcher.add(1);
    await new Promise((r) => setImmediate(r));
    const later = [2, 3, 4].map((i) => batcher.add(i));
    await new Promise((r) => setTimeout(r, 20));
    expect(batches).toEqual([[1]]);
    gate.release();
    expect(await Promise.all([first, ...later])).toEqual([1, 2, 3, 4]);
    expect(batches).toEqual([[1], [2, 3, 4]]);
    // A failed run frees its slot too.
    const failing = new Batcher<number, number>(() => Promise.reject(new Error("down")), 200, 1);
    await expect(failing.add(1)).rejects.toThrow("down");
    await expect(failing.add(2)).rejects.toThrow("down");
  });

  it("with a window, a call on an idle batcher waits for the calls of the next milliseconds; a busy one does not", async () => {
    const gate = firstRunHeld();
    const { batches } = gate;
    const batcher = new Batcher<number, number>(gate.run, 200, 1, () => 40);
    const first = batcher.add(1);
    await new Promise((r) => setTimeout(r, 5));
    const second = batcher.add(2); // a later turn, within the window: same batch
    await new Promise((r) => setTimeout(r, 80));
    expect(batches).toEqual([[1, 2]]);
    // While that run is under way, a call waits for it (not for the window) and goes at once after.
    const third = batcher.add(3);
    gate.release();
    expect(await Promise.all([first, second, third])).toEqual([1, 2, 3]);
    expect(batches).toEqual([[1, 2], [3]]);
  });
});

import { afterEach, describe, expect, it } from "vitest";
import { emitTaskFinished, onTaskFinished } from "./session-events";

const off: (() => void)[] = [];
afterEach(() => off.splice(0).forEach((f) => f()));

describe("session events", () => {
  it("runs handlers in order; one that throws does not stop the others or the emitter", async () => {
    const seen: string[] = [];
    off.push(onTaskFinished("a", () => Promise.resolve(void seen.push("a"))));
    off.push(onTaskFinished("broken", () => Promise.reject(new Error("bug in one domain"))));
    off.push(onTaskFinished("b", (e) => Promise.resolve(void seen.push(`b${e.taskId}`))));
    await expect(emitTaskFinished({ deviceId: 1, taskId: 7, outcome: "Fault" })).resolves.toBeUndefined();
    expect(seen).toEqual(["a", "b7"]);
  });

  it("an unsubscribed handler is not called", async () => {
    let calls = 0;
    const stop = onTaskFinished("once", () => Promise.resolve(void calls++));
    await emitTaskFinished({ deviceId: 1, taskId: 1, outcome: "done" });
    stop();
    await emitTaskFinished({ deviceId: 1, taskId: 2, outcome: "done" });
    expect(calls).toBe(1);
  });
});

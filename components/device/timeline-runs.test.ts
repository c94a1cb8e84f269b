import { describe, expect, it } from "vitest";
import { collapsePeriodicRuns } from "./timeline-runs";

let n = 0;
const inform = (events: string[]) => ({
  at: new Date(Date.UTC(2026, 11, 2, 10, 0, 0) - n * 300_000),
  key: `i${++n}`,
  kind: "inform",
  detail: { events },
});
const task = () => ({ at: new Date(), key: `t${++n}`, kind: "task", detail: {} });

const shape = (entries: ReturnType<typeof collapsePeriodicRuns>) =>
  entries.map((e) => (e.type === "run" ? `run(${e.items.length})` : e.item.kind));

describe("collapsePeriodicRuns", () => {
  it("folds consecutive plain periodic informs into one run; other items end it", () => {
    const items = [
      task(),
      ...Array.from({ length: 12 }, () => inform(["2 PERIODIC"])),
      inform(["1 BOOT", "M Reboot"]),
      ...Array.from({ length: 4 }, () => inform(["2 PERIODIC"])),
    ];
    expect(shape(collapsePeriodicRuns(items))).toEqual(["task", "run(12)", "inform", "run(4)"]);
  });

  it("keeps short runs and periodic informs with other events as rows", () => {
    const items = [
      inform(["2 PERIODIC"]),
      inform(["2 PERIODIC"]),
      task(),
      inform(["2 PERIODIC", "4 VALUE CHANGE"]),
    ];
    expect(shape(collapsePeriodicRuns(items))).toEqual(["inform", "inform", "task", "inform"]);
  });

  it("keeps every item of a run, in order", () => {
    const items = Array.from({ length: 3 }, () => inform(["2 PERIODIC"]));
    const [run] = collapsePeriodicRuns(items);
    expect(run).toMatchObject({ type: "run", items });
  });
});

// Rollup marks go to the database in one order whatever order the report's rows came in: concurrent
// ingests upserting shared buckets in different orders deadlocked on PostgreSQL.
import { describe, expect, it } from "vitest";
import { dirtyMarks } from "./dirty";

describe("dirtyMarks", () => {
  it("lists each bucket of each level once, in the same order for any order of the times", () => {
    const base = Date.UTC(2026, 11, 5, 21, 0, 0);
    const times = [0, 5, 17, 44, 61, 5, 1439].map((m) => new Date(base + m * 60_000));
    const marks = dirtyMarks("stream", times);
    expect(dirtyMarks("stream", [...times].reverse())).toEqual(marks);
    expect(dirtyMarks("stream", [times[3]!, times[0]!, times[6]!, times[1]!, times[2]!, times[4]!])).toEqual(
      marks,
    );
    const key = (m: [string, string]): string => m.join("|");
    expect(marks).toEqual([...marks].sort((a, b) => (key(a) < key(b) ? -1 : 1)));
    expect(new Set(marks.map(key)).size).toBe(marks.length);
    // 15-minute buckets 21:00 (minutes 0 and 5), 21:15, 21:30, 22:00 and the next day's 20:45: 5;
    // hours 21, 22 and the next day's 20: 3; days: 2.
    expect(marks.filter(([level]) => level === "stream:15m")).toHaveLength(5);
    expect(marks.filter(([level]) => level === "stream:1h")).toHaveLength(3);
    expect(marks.filter(([level]) => level === "stream:1d")).toHaveLength(2);
  });
});

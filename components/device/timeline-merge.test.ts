import { describe, expect, it } from "vitest";
import { newestCursor, prependNewer } from "./timeline-merge";

const item = (ms: number, key: string) => ({ at: new Date(ms), key });
const T = Date.UTC(2026, 10, 30, 10);

const data = () => ({
  pages: [
    { items: [item(T, "i02"), item(T, "i01"), item(T - 1000, "t05")], nextCursor: { at: "x", key: "t05" } },
    { items: [item(T - 2000, "i00")], nextCursor: null },
  ],
  pageParams: [null, { at: "x", key: "t05" }],
});

describe("prependNewer", () => {
  it("puts newer entries in front of the first page and keeps the older pages and cursors", () => {
    const merged = prependNewer(data(), [item(T + 5000, "a09"), item(T, "i03")]);
    expect(merged.pages[0]!.items.map((i) => i.key)).toEqual(["a09", "i03", "i02", "i01", "t05"]);
    expect(merged.pages[0]!.nextCursor).toEqual({ at: "x", key: "t05" });
    expect(merged.pages[1]).toEqual(data().pages[1]);
    expect(merged.pageParams).toEqual(data().pageParams);
  });

  it("never shows an entry twice", () => {
    const merged = prependNewer(data(), [item(T + 1, "u07"), item(T, "i02"), item(T - 2000, "i00")]);
    const keys = merged.pages.flatMap((p) => p.items.map((i) => i.key));
    expect(keys).toEqual(["u07", "i02", "i01", "t05", "i00"]);
  });

  it("changes nothing without new entries or before the first page", () => {
    const d = data();
    expect(prependNewer(d, [] as ReturnType<typeof item>[])).toBe(d);
    expect(prependNewer(d, [item(T, "i01")])).toBe(d);
    const empty = { pages: [], pageParams: [] };
    expect(prependNewer(empty, [item(T, "x")])).toBe(empty);
  });
});

describe("newestCursor", () => {
  it("is the first page's first entry", () => {
    expect(newestCursor(data().pages)).toEqual({ at: new Date(T).toISOString(), key: "i02" });
    expect(newestCursor([{ items: [] }])).toBeNull();
    expect(newestCursor([])).toBeNull();
  });
});

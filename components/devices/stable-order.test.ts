import { describe, expect, it } from "vitest";
import { mergeIntoShown, pendingChanges } from "./stable-order";

const row = (id: number, v = "") => ({ id, v });

describe("stable row order", () => {
  it("keeps the shown order and takes each row's fresh data", () => {
    const shown = [row(1, "old"), row(2, "old"), row(3, "old")];
    const fresh = [row(3, "new"), row(1, "new"), row(2, "new")];
    expect(mergeIntoShown(shown, fresh)).toEqual([row(1, "new"), row(2, "new"), row(3, "new")]);
  });
  it("keeps a row the fresh page lost, with its last data", () => {
    expect(mergeIntoShown([row(1, "a"), row(2, "b")], [row(1, "c")])).toEqual([row(1, "c"), row(2, "b")]);
  });
  it("adds newly matching devices below the shown rows while the page has room", () => {
    expect(mergeIntoShown([], [row(5), row(4)])).toEqual([row(5), row(4)]);
    expect(mergeIntoShown([row(1)], [row(9), row(1)])).toEqual([row(1), row(9)]);
    // A full page: the newcomer waits for the refresh (it displaces a shown row there).
    expect(mergeIntoShown([row(1), row(2)], [row(9), row(1)])).toEqual([row(1), row(2)]);
  });
  it("counts rows that would move, new matches and rows that left", () => {
    expect(pendingChanges([row(1), row(2), row(3)], [row(1), row(2), row(3)])).toBe(0);
    // 3 informed and jumps to the top: all three positions change.
    expect(pendingChanges([row(1), row(2), row(3)], [row(3), row(1), row(2)])).toBe(3);
    // A new device at the end; nothing else moves.
    expect(pendingChanges([row(1), row(2)], [row(1), row(2), row(9)])).toBe(1);
    // 2 left the page, 9 arrived in its place: one gone, one new.
    expect(pendingChanges([row(1), row(2)], [row(1), row(9)])).toBe(2);
  });
});

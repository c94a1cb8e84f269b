import { describe, expect, it } from "vitest";
import { ChurnMap } from "./churn-map";

describe("ChurnMap", () => {
  it("counts, replaces and deletes like a Map", () => {
    const m = new ChurnMap<string, number>();
    expect(m.size).toBe(0);
    m.set("a", 1).set("b", 2).set("a", 3);
    expect(m.size).toBe(2);
    expect(m.get("a")).toBe(3);
    expect(m.has("b")).toBe(true);
    expect(m.delete("b")).toBe(true);
    expect(m.delete("b")).toBe(false);
    expect(m.has("b")).toBe(false);
    expect(m.get("b")).toBeUndefined();
    expect(m.size).toBe(1);
    m.clear();
    expect([m.size, m.get("a")]).toEqual([0, undefined]);
  });

  it("keeps keys an object would treat specially as plain entries", () => {
    const m = new ChurnMap<string, string>();
    for (const key of ["__proto__", "constructor", "toString", "hasOwnProperty", ""]) {
      expect(m.has(key)).toBe(false);
      expect(m.get(key)).toBeUndefined();
      m.set(key, `v:${key}`);
    }
    expect(m.size).toBe(5);
    expect(m.get("__proto__")).toBe("v:__proto__");
    expect(Object.getPrototypeOf(m.get("constructor"))).toBe(String.prototype);
    expect(m.delete("__proto__")).toBe(true);
    expect(m.size).toBe(4);
  });

  it("iterates string keys in insertion order, integer keys ascending before them", () => {
    const m = new ChurnMap<string, number>();
    m.set("zeta", 1).set("alpha", 2).set("7", 3).set("2", 4).set("mid", 5);
    m.delete("alpha");
    m.set("alpha", 6);
    expect([...m.entries()]).toEqual([
      ["2", 4],
      ["7", 3],
      ["zeta", 1],
      ["mid", 5],
      ["alpha", 6],
    ]);
    expect([...m.values()]).toEqual([4, 3, 1, 5, 6]);
    const ids = new ChurnMap<number, string>();
    ids.set(42, "x").set(3, "y");
    expect(ids.get(42)).toBe("x");
    expect(ids.delete(3)).toBe(true);
    expect([...ids.entries()]).toEqual([["42", "x"]]);
  });

  it("survives heavy churn with the right contents", () => {
    const m = new ChurnMap<string, number>();
    const live = new Set<string>();
    for (let i = 0; i < 20_000; i++) {
      const key = `s${i}`;
      m.set(key, i);
      live.add(key);
      if (i >= 20) {
        const old = `s${i - 20}`;
        expect(m.delete(old)).toBe(true);
        live.delete(old);
      }
    }
    expect(m.size).toBe(20);
    expect([...m.values()]).toEqual([...live].map((k) => Number(k.slice(1))));
  });
});

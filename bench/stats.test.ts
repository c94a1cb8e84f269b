import { describe, expect, it } from "vitest";
import { headerId, parseVmRss, percentile, ratio, summarize } from "./stats";

describe("bench stats", () => {
  it("takes nearest-rank percentiles", () => {
    const sorted = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(percentile(sorted, 50)).toBe(5);
    expect(percentile(sorted, 99)).toBe(10);
    expect(percentile(sorted, 0)).toBe(1);
    expect(percentile([], 50)).toBeNaN();
    expect(percentile([42], 99)).toBe(42);
  });

  it("summarises unsorted latencies without changing them", () => {
    const data = [5, 1, 4, 2, 3];
    expect(summarize(data)).toEqual({ count: 5, p50: 3, p99: 5, max: 5 });
    expect(data).toEqual([5, 1, 4, 2, 3]);
    expect(summarize([]).count).toBe(0);
  });

  it("computes ratios only against a positive ceiling", () => {
    expect(ratio(50, 100)).toBe(0.5);
    expect(ratio(50, 0)).toBeUndefined();
    expect(ratio(undefined, 100)).toBeUndefined();
  });

  it("reads VmRSS from /proc status text", () => {
    expect(parseVmRss("Name:\tnode\nVmHWM:\t  9 kB\nVmRSS:\t  123456 kB\n")).toBe(123456 * 1024);
    expect(parseVmRss("Name:\tnode\n")).toBeUndefined();
  });

  it("finds the cwmp:ID header value", () => {
    const xml = '<soap-env:Header><cwmp:ID soap-env:mustUnderstand="1">abc-1</cwmp:ID></soap-env:Header>';
    expect(headerId(xml)).toBe("abc-1");
    expect(headerId("<x/>")).toBeUndefined();
  });
});

// ReDoS: a vendor data model with "(a+)+$" must neither be importable nor able to freeze validation.
import { readFileSync } from "node:fs";
import { describe, expect, it, vi } from "vitest";
import { AppError } from "../core/app-error";
import { analyseVendorXml } from "./imports";
import { MAX_PATTERN_INPUT, patternHazard } from "../../lib/datamodel/pattern-safety";
import type { ParamFacts } from "../../lib/datamodel/types";
import { validateValue } from "../../lib/datamodel/validate";

const EVIL = "(a+)+$";

function vendorXml(pattern: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<dm:document xmlns:dm="urn:broadband-forum-org:cwmp:datamodel-1-8" spec="urn:acme-com:x-acme-1-0">
  <model name="X_ACME_Device:1.0">
    <object name="Device.X_ACME_Settings." access="readOnly" minEntries="1" maxEntries="1">
      <parameter name="Label" access="readWrite">
        <syntax><string><pattern value="${pattern}"/></string></syntax>
      </parameter>
    </object>
  </model>
</dm:document>`;
}

describe("patternHazard", () => {
  it.each([EVIL, "(a*)*", "(a|aa)+", "(x+x+)+y", "(\\w+\\s?)+$", "(.*a){20}", "(a)\\1", "(?=a)a"])(
    "flags %s",
    (p) => expect(patternHazard(p)).toBeDefined(),
  );

  it.each([
    "(\\d+(:\\d+)*)?",
    "\\d+(\\.\\d+)*",
    "(\\d{1,3}\\.){3}\\d{1,3}",
    "([0-9A-Fa-f]{2}:){5}[0-9A-Fa-f]{2}",
    "([a-z0-9]([a-z0-9-]*[a-z0-9])?\\.)*",
    "[(]+",
  ])("accepts the delimited or unrepeated %s", (p) => expect(patternHazard(p)).toBeUndefined());

  it("accepts every pattern of the standard BBF models", () => {
    const patterns = new Set<string>();
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === "object") {
        const pt = (v as { pt?: unknown }).pt;
        if (Array.isArray(pt)) pt.forEach((p) => patterns.add(String(p)));
        Object.values(v).forEach(walk);
      }
    };
    for (const model of ["tr-098", "tr-135", "tr-181"])
      walk(JSON.parse(readFileSync(new URL(`./generated/${model}.json`, import.meta.url), "utf8")));
    expect(patterns.size).toBeGreaterThan(20);
    expect([...patterns].filter((p) => patternHazard(p) !== undefined)).toEqual([]);
  });
});

describe("import", () => {
  it("refuses a document with a nested-quantifier pattern, naming it", () => {
    expect(() => analyseVendorXml(vendorXml(EVIL))).toThrow(AppError);
    expect(() => analyseVendorXml(vendorXml(EVIL))).toThrow(/\(a\+\)\+\$.*Device\.X_ACME_Settings\.Label/);
  });

  it("accepts a document with a safe pattern", () => {
    expect(analyseVendorXml(vendorXml("\\d+(\\.\\d+)*")).summary.parameterCount).toBe(1);
  });
});

describe("validating one value", () => {
  // What a pattern check may cost is bounded by what it is run on: these tests watch the regex calls
  // (timings belong in bench/, not in unit tests on a shared machine).
  const regexInputs = (facts: ParamFacts, value: string) => {
    const spy = vi.spyOn(RegExp.prototype, "test");
    try {
      const result = validateValue(facts, value, { write: true });
      // Only the value checks (validate.ts compiles each pattern as ^(?:…)$), not the pattern analysis.
      const inputs = spy.mock.calls
        .filter((_, i) => (spy.mock.contexts[i] as RegExp).source.startsWith("^(?:"))
        .map(([input]) => String(input));
      return { result, inputs };
    } finally {
      spy.mockRestore();
    }
  };

  it("never runs a catastrophic pattern that reached the facts anyway", () => {
    // 40 'a's and a '!' take minutes with backtracking.
    const { inputs } = regexInputs({ t: "string", pt: [EVIL] }, `${"a".repeat(40)}!`);
    expect(inputs).toEqual([]);
  });

  it("bounds the value a pattern is run on, so polynomial patterns stay short", () => {
    const facts: ParamFacts = { t: "string", pt: ["\\d*\\d*\\d*x"] };
    const long = regexInputs(facts, "1".repeat(100_000));
    expect(long.result).toMatchObject({ ok: false, faultCode: 9007 });
    expect(long.inputs).toEqual([]);
    const atCap = regexInputs(facts, "1".repeat(MAX_PATTERN_INPUT));
    expect(atCap.result).toMatchObject({ ok: false, faultCode: 9007 });
    expect(atCap.inputs.every((v) => v.length <= MAX_PATTERN_INPUT)).toBe(true);
    expect(regexInputs(facts, "123x").result).toEqual({ ok: true });
  });
});

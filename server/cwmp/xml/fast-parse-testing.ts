// Shared by the fast XML path's tests (fast-parse.test.ts, fast-parse.fuzz.test.ts): the corpus, and
// the comparison of a fast-path tree with saxes' down to attribute key order and record prototypes.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect } from "vitest";
import { NO_ATTRS, type XmlElement } from "./element";
import { fastParseXml } from "./fast-parse";
import { parseXmlWithSaxes } from "./parse-xml";
import { DEFAULT_XML_LIMITS, XmlError } from "./xml-error";

export const { maxDepth, maxElements } = DEFAULT_XML_LIMITS;
export const CORPUS = path.resolve(__dirname, "../../../../shared/cwmp-corpus");
export const CORPUS_FILES = readdirSync(CORPUS)
  .filter((f) => f.endsWith(".xml"))
  .sort();
export const corpus = CORPUS_FILES.map(
  (file) => [file, readFileSync(path.join(CORPUS, file), "utf8")] as const,
);

/** Everything observable about a tree, including what toEqual would not tell apart. */
export interface Canon {
  keys: string[];
  name: string;
  local: string;
  ns: string;
  text: string;
  attrs: [string, string][];
  attrsProto: object | null;
  sharedEmpty: boolean;
  frozen: boolean;
  children: Canon[];
}

export function canon(el: XmlElement): Canon {
  return {
    keys: Object.keys(el),
    name: el.name,
    local: el.local,
    ns: el.ns,
    text: el.text,
    attrs: Object.entries(el.attrs),
    attrsProto: Object.getPrototypeOf(el.attrs) as object | null,
    sharedEmpty: el.attrs === NO_ATTRS,
    frozen: Object.isFrozen(el.attrs),
    children: el.children.map(canon),
  };
}

export type Outcome = { tree: Canon } | { error: string };

export function saxesOutcome(text: string, depth = maxDepth, elements = maxElements): Outcome {
  try {
    return { tree: canon(parseXmlWithSaxes(text, depth, elements)) };
  } catch (err) {
    return { error: err instanceof XmlError ? err.reason : `not an XmlError: ${String(err)}` };
  }
}

/** The fast result must be undefined or saxes' tree; returns whether the fast path handled `text`. */
export function expectAgreement(text: string, label = text): boolean {
  const fast = fastParseXml(text, maxDepth, maxElements);
  if (fast === undefined) return false;
  expect(saxesOutcome(text), label).toEqual({ tree: canon(fast) });
  return true;
}

export interface Tally {
  handled: number;
  declinedValid: number;
  invalid: number;
}

/** Runs both readers on every document: the fast one may decline, never differ. */
export function differential(docs: Iterable<string>): Tally {
  const tally = { handled: 0, declinedValid: 0, invalid: 0 };
  for (const doc of docs) {
    const fast = fastParseXml(doc, maxDepth, maxElements);
    const reference = saxesOutcome(doc);
    if (fast !== undefined) {
      tally.handled++;
      // Cheap check first; expect() only for the readable diff.
      if (JSON.stringify(reference) !== JSON.stringify({ tree: canon(fast) })) {
        expect(reference, JSON.stringify(doc)).toEqual({ tree: canon(fast) });
      }
    } else if ("tree" in reference) {
      tally.declinedValid++;
    } else {
      tally.invalid++;
    }
  }
  return tally;
}

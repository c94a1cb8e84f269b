// The fast path against saxes on seeded random documents: mutations of the corpus, and generated
// namespace-heavy ones. Either it declines or it builds saxes' tree.
import { describe, expect, it } from "vitest";
import { corpus, differential } from "./fast-parse-testing";
import { createRng } from "../../../sim/prng";

const SEEDS = [
  '<?xml version="1.0" encoding="UTF-8"?>\r\n<!-- c --><a:r xmlns:a="urn:a" xmlns="urn:d" a:x="1" x=\'2\'>' +
    '<b xmlns="" y="&lt;&#65;&#x1F600;">t&amp;u\r\n<![CDATA[<c>]]]></b><a:c xmlns:a="urn:b" a:x="&quot;"/>\t</a:r>\n',
  '<soap-env:Envelope><soap-env:Body><cwmp:X xmlns:cwmp="urn:c"><V xsi:type="xsd:string">é😀&#9;</V>' +
    "</cwmp:X></soap-env:Body></soap-env:Envelope>",
];

function mulberry32(seed: number): () => number {
  const rng = createRng(seed);
  return () => rng.next();
}

// Single code units (split(""), so the surrogates stay lone) and a few multi-character tokens.
const ALPHABET = "<>&;\"'=/: \r\n\t#x!-?[]aZ_1é\u0001\uD800\uDC00\uFFFE"
  .split("")
  .concat([
    "&amp;",
    "&#65;",
    "]]>",
    "xmlns",
    "xmlns:",
    "<!--",
    "-->",
    "<![CDATA[",
    "</",
    "/>",
    "<?",
    "?>",
    "&#0;",
  ]);
const MARKUP = /[<>&"'=:/]/g;

function mutate(doc: string, random: () => number): string {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  let out = doc;
  const edits = random() < 0.6 ? 1 : 2 + Math.floor(random() * 2);
  for (let e = 0; e < edits; e++) {
    let at = Math.floor(random() * (out.length + 1));
    if (random() < 0.6) {
      // Aim most edits at markup, where the interesting differences are.
      const marks = [...out.matchAll(MARKUP)].map((m) => m.index);
      if (marks.length > 0) at = pick(marks) + Math.floor(random() * 3) - 1;
    }
    at = Math.max(0, Math.min(out.length, at));
    const op = random();
    if (op < 0.35) out = out.slice(0, at) + out.slice(at + 1 + Math.floor(random() * 2));
    else if (op < 0.75) out = out.slice(0, at) + pick(ALPHABET) + out.slice(at);
    else if (op < 0.92)
      out = out.slice(0, at) + out.slice(at, at + 1 + Math.floor(random() * 12)) + out.slice(at);
    else out = out.slice(0, at);
  }
  return out;
}

// Small random documents built to stress what the corpus barely has: namespace declarations
// (reserved, empty, rebound, well-known prefixes), clashing attribute names, references, CRs.
const PREFIXES = ["", "", "", "a", "b", "a", "b", "soap-env", "SOAP-ENV", "xsi", "xml", "__proto__"];
const URIS = ["urn:a", "urn:b", " urn:a\t", "http://schemas.xmlsoap.org/soap/envelope/", "urn:b"];
const BAD_URIS = ["", " ", "http://www.w3.org/XML/1998/namespace", "http://www.w3.org/2000/xmlns/"];
const LOCALS = ["r", "type", "x", "Value", "constructor", "a", "b"];
const VALUES = ["1", "", "a b", "x\r\ny", "\t", "&amp;&#x9;", "&#10;", "'", '"', "é😀"];
const BAD_VALUES = ["<", "&nope;", "&#0;", "\u0001"];
const TEXTS = [
  "",
  "",
  "x",
  " ",
  "\r\n",
  "\r",
  "&lt;&#x41;",
  "<![CDATA[c\r]]]>",
  "<!-- c -->",
  "<!---->",
  "é",
  "\t",
];
const BAD_TEXTS = ["&#0;", "]]>", "&bogus;", "\u0001", "<?pi?>", "<!-- - -- -->"];

function generate(random: () => number): string {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  // Mostly valid choices, so that a fair share of the documents is accepted.
  const maybe = (good: readonly string[], bad: readonly string[]): string =>
    pick(random() < 0.04 ? bad : good);
  const qname = (): string => {
    const prefix = pick(PREFIXES);
    return prefix === "" ? pick(LOCALS) : `${prefix}:${pick(LOCALS)}`;
  };
  // Elements as a flat list of open/close events, built iteratively (depth at most 4).
  const out: string[] = [random() < 0.2 ? '<?xml version="1.0"?>' : "", random() < 0.2 ? " " : ""];
  const open: string[] = [];
  let budget = 1 + Math.floor(random() * 12);
  do {
    if (open.length > 0 && (budget <= 0 || open.length >= 4 || random() < 0.35)) {
      out.push(
        `</${open.pop() ?? ""}>`,
        open.length > 0 ? maybe(TEXTS, BAD_TEXTS) : maybe(["", "\n"], TEXTS),
      );
      continue;
    }
    budget--;
    const name = qname();
    // Most roots bind a and b, or few documents would get past their first prefixed name.
    const attrs = out.length === 2 && random() < 0.85 ? ['xmlns:a="urn:a"', "xmlns:b='urn:b'"] : [];
    for (let k = Math.floor(random() * 4); k > 0; k--) {
      const q = random() < 0.5 ? '"' : "'";
      if (random() < 0.4) {
        const prefix = pick(PREFIXES);
        const declared = random() < 0.05 ? "xmlns" : prefix;
        attrs.push(`${prefix === "" ? "xmlns" : `xmlns:${declared}`}=${q}${maybe(URIS, BAD_URIS)}${q}`);
      } else {
        attrs.push(`${qname()}=${q}${maybe(VALUES, BAD_VALUES)}${q}`);
      }
    }
    const tag = `<${[name, ...attrs].join(random() < 0.1 ? "\n" : " ")}`;
    if (random() < 0.3) out.push(`${tag}/>`, open.length > 0 ? maybe(TEXTS, BAD_TEXTS) : "");
    else {
      out.push(`${tag}>`, maybe(TEXTS, BAD_TEXTS));
      open.push(name);
    }
  } while (open.length > 0);
  return out.join("");
}

describe("fastParseXml: fuzz", () => {
  it("never returns a tree saxes would not return (2,000 seeded mutations of the corpus)", () => {
    const random = mulberry32(0x5eed);
    const seeds = [...corpus.map(([, text]) => text), ...SEEDS];
    const started = Date.now();
    const docs = Array.from({ length: 2000 }, (_, n) => mutate(seeds[n % seeds.length] ?? "", random));
    const tally = differential(docs);
    // The mutations must exercise both sides: accepted documents and refused ones.
    expect(tally.handled).toBeGreaterThan(300);
    expect(tally.invalid).toBeGreaterThan(300);
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it("never returns a tree saxes would not return (2,000 generated namespace-heavy documents)", () => {
    const random = mulberry32(0x6e5);
    const tally = differential(Array.from({ length: 2000 }, () => generate(random)));
    expect(tally.handled).toBeGreaterThan(500);
    expect(tally.invalid).toBeGreaterThan(500);
  });
});

/** Documents the fast path must read itself (and identically). */

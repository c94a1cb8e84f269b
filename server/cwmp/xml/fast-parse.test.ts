// The fast path is only allowed to be faster: on every input it either declines (undefined) or builds
// the very tree saxes builds, down to attribute key order and record prototypes.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { fill, makeDevices } from "../../../bench/devices";
import { serializeEnvelope } from "../soap";
import { MESSAGE_FIXTURES } from "../soap/test-fixtures";
import { NO_ATTRS, resolveUndeclared, type XmlElement } from "./element";
import { fastParseXml } from "./fast-parse";
import { parseXml, parseXmlWithSaxes } from "./parse-xml";
import { DEFAULT_XML_LIMITS, XmlError } from "./xml-error";
import { createRng } from "../../../sim/prng";

const { maxDepth, maxElements } = DEFAULT_XML_LIMITS;
const CORPUS = path.resolve(__dirname, "../../../../shared/cwmp-corpus");
const CORPUS_FILES = readdirSync(CORPUS)
  .filter((f) => f.endsWith(".xml"))
  .sort();
const corpus = CORPUS_FILES.map((file) => [file, readFileSync(path.join(CORPUS, file), "utf8")] as const);

/** Everything observable about a tree, including what toEqual would not tell apart. */
interface Canon {
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

function canon(el: XmlElement): Canon {
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

type Outcome = { tree: Canon } | { error: string };

function saxesOutcome(text: string, depth = maxDepth, elements = maxElements): Outcome {
  try {
    return { tree: canon(parseXmlWithSaxes(text, depth, elements)) };
  } catch (err) {
    return { error: err instanceof XmlError ? err.reason : `not an XmlError: ${String(err)}` };
  }
}

/** The fast result must be undefined or saxes' tree; returns whether the fast path handled `text`. */
function expectAgreement(text: string, label = text): boolean {
  const fast = fastParseXml(text, maxDepth, maxElements);
  if (fast === undefined) return false;
  expect(saxesOutcome(text), label).toEqual({ tree: canon(fast) });
  return true;
}

describe("fastParseXml: differential against saxes", () => {
  it("reads the large majority of the corpus, identically", () => {
    const declined = corpus.filter(([file, text]) => !expectAgreement(text, file)).map(([file]) => file);
    expect(corpus.length).toBeGreaterThanOrEqual(76);
    // Today it reads every one; a stranger envelope added later may go to saxes, but not many.
    expect(declined.length, declined.join(", ")).toBeLessThanOrEqual(corpus.length * 0.05);
  });

  it("reads the corpus's Informs and GetParameterValuesResponses", () => {
    const common = corpus.filter(([file]) => /^(inform|get_parameter_values_response)-/.test(file));
    expect(common.length).toBeGreaterThanOrEqual(5);
    for (const [file, text] of common) expect(expectAgreement(text, file), file).toBe(true);
  });

  it("reads every serialised message fixture identically (or declines)", () => {
    let handled = 0;
    for (const body of MESSAGE_FIXTURES) {
      const xml = serializeEnvelope({
        cwmpNamespace: "urn:dslforum-org:cwmp-1-2",
        version: "1.2",
        header: { id: "1" },
        body,
      });
      if (expectAgreement(xml, body.name)) handled++;
    }
    expect(handled).toBe(MESSAGE_FIXTURES.length);
  });

  it("reads the benchmark fleet's Informs", () => {
    for (const device of makeDevices(6, "http://127.0.0.1:9/")) {
      expect(expectAgreement(fill(device.inform, "42"), device.serial)).toBe(true);
    }
  });
});

// Seeds for mutation beyond the corpus: the constructs the corpus lacks.
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

interface Tally {
  handled: number;
  declinedValid: number;
  invalid: number;
}

/** Runs both readers on every document: the fast one may decline, never differ. */
function differential(docs: Iterable<string>): Tally {
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
const HANDLED: readonly (readonly [string, string])[] = [
  ["predefined entities", `<r a="&lt;&gt;&amp;&quot;&apos;">&lt;&gt;&amp;&quot;&apos;</r>`],
  [
    "numeric references",
    "<r a='&#9;&#10;&#13;&#x20;'>&#65;&#x42;&#x1f600;&#0000065;&#xD7FF;&#9;&#10;&#13;</r>",
  ],
  ["CRLF and lone CR in text", "<r>a\r\nb\rc\n\rd\r</r>\r\n"],
  ["CRLF, CR, LF and tab in attribute values", '<r a="x\r\ny\rz\tw\nv\r"/>'],
  ["whitespace around the root", " \n\t\r\n<r> x </r>\n\t "],
  ["XML declaration", '<?xml version="1.0"?><r/>'],
  [
    "XML declaration, all pseudo-attributes",
    "<?xml version='1.0' encoding='ISO-8859-1' standalone='yes' ?>\n<r/>",
  ],
  ["XML declaration, spaced", '<?xml  version = "1.0"\r\n  encoding= "utf-8"?><r/>'],
  ["BOM", "\uFEFF<r/>"],
  ["BOM and declaration", '\uFEFF<?xml version="1.0"?><r/>'],
  ["comments", "<!-- a --><r>x<!-- - - -->y<!---->z</r><!--\r\n-->"],
  ["CDATA", "<r>a<![CDATA[<b>&amp;\r\n]]]]><![CDATA[]]>c</r>"],
  ["default namespace redeclared in a child", '<r xmlns="urn:a"><c xmlns="urn:b"><d/></c><e/></r>'],
  ["default namespace undeclared", '<r xmlns="urn:a"><c xmlns=""><d/></c><e xmlns=" "/></r>'],
  ["prefix rebinding", '<p:r xmlns:p="urn:a"><p:c xmlns:p="urn:b" p:x="1"/><p:d p:x="2"/></p:r>'],
  ["declaration after use on the same element", '<p:r p:x="1" xmlns:p="urn:a"/>'],
  ["undeclared soap-env prefix", '<soap-env:Envelope><soap-env:Body xsi:type="t"/></soap-env:Envelope>'],
  [
    "declared SOAP-ENV wins over the fallback",
    '<SOAP-ENV:E xmlns:SOAP-ENV="urn:mine"><SOAP-ENV:B/></SOAP-ENV:E>',
  ],
  ["xml prefix", '<r xml:lang="en"><xml:x/></r>'],
  ["attribute keys", '<r xmlns:a="urn:x" xmlns:b="urn:y" a:t="1" t="2" b:t="3" b:u="4" u="5"/>'],
  ["inherited-looking names", '<r __proto__="1" constructor="2" hasOwnProperty="3"><__proto__/></r>'],
  ["prefix named __proto__", '<__proto__:r xmlns:__proto__="urn:p" __proto__:a="1"/>'],
  ["namespace URI with spaces", '<p:r xmlns:p="  urn:p\t" xmlns=" urn:d "/>'],
  ["non-ASCII text and C1 controls", "<r a='é\u0085😀'>é\u0085\u2028😀\uFEFF\uE000\uFFFD</r>"],
  ["'>' in text and attribute, ']]' alone", '<r a=">]]>">a>b]]c]>d</r>'],
  ["whitespace inside tags", "<r\n a = \"1\"\tb\r\n='2'\n/>"],
  ["close tag with whitespace", "<r><c></c\n></r \t>"],
  ["names with digits, dots, dashes", '<a-1.b_c:d-2 xmlns:a-1.b_c="urn:x" e.f-g="1"/>'],
];

/** Documents the fast path must leave to saxes (which may accept or refuse them). */
const DECLINED: readonly (readonly [string, string])[] = [
  ["DOCTYPE", '<!DOCTYPE r [<!ENTITY e "x">]><r>&e;</r>'],
  ["processing instruction", "<r><?php echo 1 ?></r>"],
  ["stylesheet PI", '<?xml-stylesheet href="a"?><r/>'],
  ["XML 1.1", '<?xml version="1.1"?><r>\u0085</r>'],
  ["declaration without version", '<?xml encoding="UTF-8"?><r/>'],
  ["declaration out of order", '<?xml version="1.0" standalone="no" encoding="UTF-8"?><r/>'],
  ["declaration not first", ' <?xml version="1.0"?><r/>'],
  ["declaration, bad encoding", '<?xml version="1.0" encoding="8bit"?><r/>'],
  ["declaration, no space between", '<?xml version="1.0"encoding="UTF-8"?><r/>'],
  ["undefined entity", "<r>&nbsp;</r>"],
  ["entity in attribute", '<r a="&nbsp;"/>'],
  ["reference to NUL", "<r>&#0;</r>"],
  ["reference to a surrogate", "<r>&#xD800;</r>"],
  ["reference beyond Unicode", "<r>&#x110000;</r>"],
  ["reference to U+FFFE", "<r>&#xFFFE;</r>"],
  ["uppercase X reference", "<r>&#X41;</r>"],
  ["empty references", "<r>&#;&#x;&;</r>"],
  ["reference without semicolon", "<r>&#65 </r>"],
  ["huge reference", "<r>&#99999999999999999999;</r>"],
  ["zero-padded reference", "<r>&#x0000000041;</r>"],
  ["prefix undeclared with empty value", '<r xmlns:x=""/>'],
  ["prefix undeclared with blank value", '<r xmlns:x="  "/>'],
  ["xml prefix declared", '<r xmlns:xml="http://www.w3.org/XML/1998/namespace"/>'],
  ["xmlns prefix declared", '<r xmlns:xmlns="urn:x"/>'],
  ["reserved URI bound", '<r xmlns:a="http://www.w3.org/2000/xmlns/"/>'],
  ["xmlns element prefix", "<xmlns:r/>"],
  ["unbound element prefix", "<x:r/>"],
  ["unbound attribute prefix", '<r x:a="1"/>'],
  ["control character", "<r>\u0001</r>"],
  ["control character in attribute", '<r a="\u0008"/>'],
  ["lone low surrogate", "<r>\uDC00</r>"],
  ["lone high surrogate", "<r>\uD800a</r>"],
  ["U+FFFF", "<r>\uFFFF</r>"],
  ["']]>' in text", "<r>a]]>b</r>"],
  ["duplicate attribute", '<r a="1" a="2"/>'],
  ["duplicate expanded attribute", '<r xmlns:p="urn:x" xmlns:q="urn:x" p:a="1" q:a="2"/>'],
  ["duplicate declaration", '<r xmlns:p="urn:x" xmlns:p="urn:y"/>'],
  ["mismatched tags", "<a></b>"],
  ["close tag with a longer name", "<a></ab>"],
  ["unclosed", "<a><b></b>"],
  ["text before the root", "x<r/>"],
  ["text after the root", "<r/>x"],
  ["entity outside the root", "&amp;<r/>"],
  ["second root", "<r/><r/>"],
  ["unquoted attribute", "<r a=1/>"],
  ["attribute without value", "<r a/>"],
  ["no whitespace between attributes", '<r a="1"b="2"/>'],
  ["'<' in attribute", '<r a="<"/>'],
  ["unterminated attribute", '<r a="1/>'],
  ["non-ASCII element name", "<é/>"],
  ["digit after the colon", '<a:1 xmlns:a="urn:a"/>'],
  ["colon first", "<:a/>"],
  ["two colons", '<a:b:c xmlns:a="urn:a"/>'],
  ["space after '<'", "< r/>"],
  ["slash not closing", "<r / >"],
  ["'--' inside a comment", "<r><!-- a -- b --></r>"],
  ["comment ending in '--->'", "<r><!-- a ---></r>"],
  ["unterminated comment", "<r><!-- a </r>"],
  ["CDATA outside the root", "<![CDATA[x]]><r/>"],
  ["lowercase cdata", "<r><![cdata[x]]></r>"],
  ["empty", ""],
  ["only whitespace", " \n"],
  ["plain text", "hello"],
];

describe("fastParseXml: targeted cases", () => {
  it.each(HANDLED)("reads %s like saxes", (label, doc) => {
    expect(expectAgreement(doc, label)).toBe(true);
    expect(canon(parseXml(doc))).toEqual(
      canon(parseXmlWithSaxes(doc.replace(/^\uFEFF/, ""), maxDepth, maxElements)),
    );
  });

  it.each(DECLINED)("leaves %s to saxes", (_label, doc) => {
    expect(fastParseXml(doc, maxDepth, maxElements)).toBeUndefined();
    let outcome: Outcome;
    try {
      outcome = { tree: canon(parseXml(doc)) };
    } catch (err) {
      outcome = { error: err instanceof XmlError ? err.reason : String(err) };
    }
    expect(outcome).toEqual(saxesOutcome(doc));
  });

  it("relies on the well-known-prefix fallback binding no default namespace", () => {
    // fast-names.ts resolves an undeclared default namespace to "" without asking the fallback.
    expect(resolveUndeclared("")).toBeUndefined();
    expect(fastParseXml("<soap:E><x/></soap:E>", 8, 8)?.children[0]?.ns).toBe("");
  });

  it("decodes what the spec says", () => {
    const r = fastParseXml(HANDLED[1]?.[1] ?? "", maxDepth, maxElements);
    expect(r?.attrs.a).toBe("\t\n\r ");
    expect(r?.text).toBe("AB😀A\uD7FF\t\n\r");
    expect(fastParseXml("<r>a\r\nb\rc</r>", 8, 8)?.text).toBe("a\nb\nc");
    expect(fastParseXml('<r a="x\r\ny\rz\tw"/>', 8, 8)?.attrs.a).toBe("x y z w");
    expect(fastParseXml("\uFEFF<r/>", 8, 8)?.attrs).toBe(NO_ATTRS);
  });

  it("leaves documents over the limits to saxes, which reports the same reason as before", () => {
    const deep = "<a><a><a><a></a></a></a></a>";
    expect(fastParseXml(deep, 3, 100)).toBeUndefined();
    expect(fastParseXml("<a><a><a></a></a></a>", 3, 100)?.local).toBe("a");
    expect(() => parseXml(deep, { maxDepth: 3 })).toThrow(expect.objectContaining({ reason: "depth" }));
    const wide = "<r><a/><a/><a/></r>";
    expect(fastParseXml(wide, 8, 3)).toBeUndefined();
    expect(fastParseXml(wide, 8, 4)?.children).toHaveLength(3);
    expect(() => parseXml(wide, { maxElements: 3 })).toThrow(expect.objectContaining({ reason: "elements" }));
    const flood = `<r>${"<a/>".repeat(1000)}</r>`;
    expect(() => parseXml(flood, { maxElements: 1000 })).toThrow(
      expect.objectContaining({ reason: "elements" }),
    );
    expect(parseXml(flood, { maxElements: 1001 }).children).toHaveLength(1000);
  });

  it("keeps saxes' refusals for hostile input the fast path declines", () => {
    const deep = `<r>${"<a>".repeat(10_000)}${"</a>".repeat(10_000)}</r>`;
    expect(() => parseXml(deep)).toThrow(expect.objectContaining({ reason: "depth" }));
    expect(() => parseXml('<!DOCTYPE r [<!ENTITY e "x">]><r/>')).toThrow(
      expect.objectContaining({ reason: "doctype" }),
    );
    expect(() => parseXml("<r><?pi?></r>")).toThrow(expect.objectContaining({ reason: "pi" }));
    expect(() => parseXml("<x:r/>")).toThrow(expect.objectContaining({ reason: "malformed" }));
  });
});

// Character-level scanners of the fast XML path (fast-parse.ts). Each reads one construct starting
// at an index and returns the index just past it, or -1 as soon as the input is anything but plain,
// well-formed XML 1.0 that saxes would read the same way: the caller then hands the whole document
// to saxes, which gives the real answer (or the real error). They move forward only (charCodeAt,
// indexOf, sticky regexes that cannot backtrack) and slice whole runs, so each is linear in what it
// reads.
//
// They are methods of a base class the reader extends rather than imported functions: tsx, which
// runs the server, compiles modules to CommonJS, where every use of an imported binding is a getter
// call, and those calls were a fifth of the reader's profile.

const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const DQUOTE = 0x22;
const HASH = 0x23;
const AMP = 0x26;
const SQUOTE = 0x27;
const COLON = 0x3a;
const SEMICOLON = 0x3b;
const LT = 0x3c;
const EQUALS = 0x3d;
const GT = 0x3e;
const QUESTION = 0x3f;
const RBRACKET = 0x5d;
const LOWER_X = 0x78;

/** XML's S production (saxes' isS). NaN (past the end) is not a space. */
const isSpace = (c: number): boolean => c === SPACE || c === LF || c === TAB || c === CR;

// Names are held to an ASCII subset of XML's Name production; anything else (non-ASCII letters,
// a colon first, a digit after the colon) is left to saxes rather than reproduced here. A table,
// because names are a good part of what the reader looks at character by character.
const NAME_START = 1;
const NAME_CHAR = 2;
const NAME_CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const letter = (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f;
  NAME_CLASS[c] = letter ? NAME_START : (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2e ? NAME_CHAR : 0;
}
const isNameStart = (c: number): boolean => c < 128 && NAME_CLASS[c] === NAME_START;
const isNameChar = (c: number): boolean => c < 128 && NAME_CLASS[c] !== 0;

/** A code unit at or above 0xD800 at `i`: the index after the character, or -1 if it is no XML Char. */
function wideChar(s: string, i: number, c: number): number {
  if (c <= 0xdbff) {
    const low = s.charCodeAt(i + 1);
    return low >= 0xdc00 && low <= 0xdfff ? i + 2 : -1; // only a proper surrogate pair
  }
  return c <= 0xdfff || c >= 0xfffe ? -1 : i + 1; // lone low surrogate, U+FFFE, U+FFFF
}

const isXmlChar = (cp: number): boolean =>
  cp >= 0x20
    ? cp <= 0xd7ff || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff)
    : cp === TAB || cp === LF || cp === CR;

// Runs of characters that need no attention, in text and in attribute values. A sticky regex finds
// where a run ends in native code, ~3x faster per character here than a charCodeAt loop, which
// matters for the long names, values and namespace URIs of CWMP. One negated class under "*":
// linear, nothing to backtrack. What stops a run is dealt with character by character.
/* eslint-disable no-control-regex -- control characters are exactly what these classes exclude */
const TEXT_RUN = /[^<&>\x00-\x08\x0b-\x1f\ud800-\udfff\ufffe\uffff]*/y;
const DQUOTED_RUN = /[^"<&\x00-\x1f\ud800-\udfff\ufffe\uffff]*/y;
const SQUOTED_RUN = /[^'<&\x00-\x1f\ud800-\udfff\ufffe\uffff]*/y;
/* eslint-enable no-control-regex */

/** The end of the run `run` matches at `i` (`i` itself past the end, where a sticky regex fails). */
function runEnd(run: RegExp, s: string, i: number): number {
  run.lastIndex = i;
  return run.test(s) ? run.lastIndex : i;
}

const ENTITIES: readonly (readonly [string, string])[] = [
  ["amp;", "&"],
  ["lt;", "<"],
  ["gt;", ">"],
  ["quot;", '"'],
  ["apos;", "'"],
];

const DECL_NAMES = ["version", "encoding", "standalone"] as const;

/** What saxes accepts as each pseudo-attribute's value; version "1.0" only (1.1 reads characters differently). */
function declValueOk(name: (typeof DECL_NAMES)[number], value: string): boolean {
  if (name === "version") return value === "1.0";
  if (name === "standalone") return value === "yes" || value === "no";
  return /^[A-Za-z][A-Za-z0-9._-]*$/.test(value);
}

export class XmlScanner {
  /** What the last scanner decoded. */
  protected value = "";
  /** Where scanName found a colon, or -1. */
  protected colon = -1;

  constructor(protected readonly s: string) {}

  /** XML whitespace from `i`: the first index that is not. */
  protected skipSpaces(i: number): number {
    while (isSpace(this.s.charCodeAt(i))) i++;
    return i;
  }

  /** A name, `local` or `prefix:local`, at `i`: its end, its colon in `colon`; -1 if none. */
  protected scanName(i: number): number {
    const s = this.s;
    if (!isNameStart(s.charCodeAt(i))) return -1;
    this.colon = -1;
    for (i++; ; i++) {
      const c = s.charCodeAt(i);
      if (isNameChar(c)) continue;
      if (c !== COLON) return i;
      if (this.colon >= 0 || !isNameStart(s.charCodeAt(i + 1))) return -1; // saxes' qname rules, tightened
      this.colon = i;
    }
  }

  /**
   * Character data inside an element, from `i` up to the next "<" (or the end). Decodes references and
   * turns "\r\n" and a lone "\r" into "\n" as saxes does; refuses "]]>" and non-Chars.
   */
  protected scanText(i: number): number {
    const s = this.s;
    const n = s.length;
    let from = i;
    let acc = "";
    for (;;) {
      i = runEnd(TEXT_RUN, s, i);
      if (i >= n) break;
      const c = s.charCodeAt(i);
      if (c === LT) {
        break;
      } else if (c === AMP) {
        const next = this.entityAt(i);
        if (next < 0) return -1;
        acc += s.slice(from, i) + this.value;
        i = from = next;
      } else if (c === GT) {
        if (s.charCodeAt(i - 1) === RBRACKET && s.charCodeAt(i - 2) === RBRACKET) return -1;
        i++;
      } else if (c === CR) {
        acc += `${s.slice(from, i)}\n`;
        i = from = s.charCodeAt(i + 1) === LF ? i + 2 : i + 1;
      } else if (c < SPACE || (i = wideChar(s, i, c)) < 0) {
        return -1;
      }
    }
    this.value = acc + s.slice(from, i);
    return i;
  }

  /**
   * A quoted attribute value from `i` (just after the opening quote `quote`) to the index after the
   * closing one. References are decoded; a literal tab, "\n", "\r\n" or lone "\r" each becomes one
   * space (XML attribute-value normalisation for CDATA attributes, as saxes does it).
   */
  protected scanAttrValue(i: number, quote: number): number {
    const s = this.s;
    const n = s.length;
    let from = i;
    let acc = "";
    const run = quote === DQUOTE ? DQUOTED_RUN : SQUOTED_RUN;
    for (;;) {
      i = runEnd(run, s, i);
      if (i >= n) return -1; // unterminated
      const c = s.charCodeAt(i);
      if (c === quote) {
        this.value = acc + s.slice(from, i);
        return i + 1;
      } else if (c === AMP) {
        const next = this.entityAt(i);
        if (next < 0) return -1;
        acc += s.slice(from, i) + this.value;
        i = from = next;
      } else if (c === LF || c === TAB || c === CR) {
        acc += `${s.slice(from, i)} `;
        i = from = c === CR && s.charCodeAt(i + 1) === LF ? i + 2 : i + 1;
      } else if (c < SPACE || c === LT || (i = wideChar(s, i, c)) < 0) {
        return -1;
      }
    }
  }

  /** The raw content of a comment or CDATA section, s[from, to): XML Chars only, line ends normalised. */
  protected scanRaw(from: number, to: number): boolean {
    const s = this.s;
    let acc = "";
    for (let i = from; i < to;) {
      const c = s.charCodeAt(i);
      if (c >= SPACE && c < 0xd800) {
        i++;
      } else if (c === CR) {
        acc += `${s.slice(from, i)}\n`;
        i = from = s.charCodeAt(i + 1) === LF ? i + 2 : i + 1;
      } else if (c === LF || c === TAB) {
        i++;
      } else if (c < SPACE || (i = wideChar(s, i, c)) < 0) {
        return false;
      }
    }
    this.value = acc + s.slice(from, to);
    return true;
  }

  /**
   * The XML declaration at `i` (which starts with "<?xml"): `version`, then optionally `encoding`,
   * then optionally `standalone`, each `name S? = S? quoted-value`, separated by whitespace. Returns
   * the index after "?>".
   */
  protected skipXmlDecl(i: number): number {
    const s = this.s;
    let j = i + 5;
    if (!isSpace(s.charCodeAt(j))) return -1; // "<?xml-foo" is a processing instruction
    let next = 0; // index into DECL_NAMES of the first name still allowed
    for (;;) {
      j = this.skipSpaces(j);
      if (s.charCodeAt(j) === QUESTION) return next > 0 && s.charCodeAt(j + 1) === GT ? j + 2 : -1;
      let k = next;
      while (k < DECL_NAMES.length && !s.startsWith(DECL_NAMES[k] ?? "", j)) k++;
      const name = DECL_NAMES[k];
      if (name === undefined || (k > 0 && next === 0)) return -1;
      j = this.skipSpaces(j + name.length);
      if (s.charCodeAt(j) !== EQUALS) return -1;
      j = this.skipSpaces(j + 1);
      const quote = s.charCodeAt(j);
      if (quote !== DQUOTE && quote !== SQUOTE) return -1;
      const end = s.indexOf(quote === DQUOTE ? '"' : "'", j + 1);
      if (end < 0 || !declValueOk(name, s.slice(j + 1, end))) return -1;
      j = end + 1;
      next = k + 1;
      const c = s.charCodeAt(j);
      if (c !== QUESTION && !isSpace(c)) return -1;
    }
  }

  /**
   * The reference at `i` (an "&"): one of the five predefined entities or a numeric reference to an
   * XML Char, in saxes' forms ("&#123;", "&#x1F;" with a lowercase x). Leaves the character in `value`.
   */
  private entityAt(i: number): number {
    const s = this.s;
    if (s.charCodeAt(i + 1) !== HASH) {
      for (const [name, value] of ENTITIES) {
        if (s.startsWith(name, i + 1)) {
          this.value = value;
          return i + 1 + name.length;
        }
      }
      return -1;
    }
    const hex = s.charCodeAt(i + 2) === LOWER_X;
    const first = hex ? i + 3 : i + 2;
    let j = first;
    let cp = 0;
    for (; ; j++) {
      const c = s.charCodeAt(j);
      let digit = c - 0x30;
      if (!(digit >= 0 && digit <= 9)) {
        const lower = c | 0x20;
        if (!hex || lower < 0x61 || lower > 0x66) break;
        digit = lower - 0x57;
      }
      cp = cp * (hex ? 16 : 10) + digit;
    }
    // Eight digits are more than any Char needs; longer (zero-padded) ones go to saxes, so cp stays exact.
    if (j === first || j - first > 8 || s.charCodeAt(j) !== SEMICOLON || !isXmlChar(cp)) return -1;
    this.value = String.fromCodePoint(cp);
    return j + 1;
  }
}

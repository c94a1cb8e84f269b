// A hand-written reader for the ordinary documents CPEs send (Informs, GetParameterValuesResponses,
// ...), several times faster than saxes. It builds exactly the tree parse-xml.ts builds from saxes'
// events, or returns undefined whenever it is not certain to: DOCTYPE, processing instructions,
// non-ASCII names, anything saxes would refuse, limits exceeded. parseXml then reads the document
// with saxes, so what is accepted, refused and reported stays saxes' behaviour.
import { NO_ATTRS, XML_NAMESPACE, XMLNS_NAMESPACE, type XmlElement } from "./element";
import { attrKeys, resolvePrefix, type AttrKeys, type Scope } from "./fast-names";
import { XmlScanner } from "./fast-scan";

// Read once: under tsx's CommonJS output every use of an imported binding is a getter call, and
// these are used per element or attribute.
const EMPTY_ATTRS = NO_ATTRS;
const resolve = resolvePrefix;
const keysOf = attrKeys;

const BANG = 0x21;
const DQUOTE = 0x22;
const SQUOTE = 0x27;
const SLASH = 0x2f;
const LT = 0x3c;
const EQUALS = 0x3d;
const GT = 0x3e;

// Beyond this many attributes on one element, duplicates are found with a Set instead of pairwise.
const PAIRWISE_LIMIT = 16;

/** A single-attribute record and the scope it was resolved in (FastReader.single). */
interface SharedRecord {
  scope: Scope | undefined;
  attrs: Record<string, string>;
}

class FastReader extends XmlScanner {
  private readonly stack: XmlElement[] = [];
  /** The scope inside each open element (parallel to stack). */
  private readonly scopes: (Scope | undefined)[] = [];
  /** Where each open element's name starts in the text (parallel to stack), for its end tag. */
  private readonly nameStarts: number[] = [];
  private scope: Scope | undefined;
  private root: XmlElement | undefined;
  private count = 0;
  // The current start tag's attributes, reused from tag to tag.
  private readonly attrNames: string[] = [];
  private readonly attrColons: number[] = [];
  private readonly attrValues: string[] = [];
  private readonly eqNames: string[] = [];
  // Single-attribute records by name, value and scope (see single()).
  private readonly singles = new Map<string, Map<string, SharedRecord>>();
  // prefixedKeys' last answer.
  private lastAttr = "";
  private lastAttrScope: Scope | undefined;
  private lastAttrKeys: AttrKeys | undefined;

  constructor(
    s: string,
    private readonly maxDepth: number,
    private readonly maxElements: number,
  ) {
    super(s);
  }

  read(): XmlElement | undefined {
    const { s, stack } = this;
    const n = s.length;
    let i = s.charCodeAt(0) === 0xfeff ? 1 : 0; // saxes skips one more BOM after parseXml's
    if (s.startsWith("<?xml", i)) i = this.skipXmlDecl(i);
    while (i >= 0 && i < n) {
      if (s.charCodeAt(i) === LT) {
        const c = s.charCodeAt(i + 1);
        i = c === SLASH ? this.endTag(i) : c === BANG ? this.markup(i) : this.startTag(i);
        continue;
      }
      const current = stack[stack.length - 1];
      if (current === undefined) {
        // Outside the root only whitespace is allowed (saxes reports it as text; parse-xml drops it).
        i = this.skipSpaces(i);
        if (i < n && s.charCodeAt(i) !== LT) return undefined;
      } else {
        i = this.scanText(i);
        if (i >= 0) current.text += this.value;
      }
    }
    return i < 0 || stack.length > 0 ? undefined : this.root;
  }

  /** A comment, or a CDATA section inside the root; any other "<!" (DOCTYPE...) goes to saxes. */
  private markup(i: number): number {
    const s = this.s;
    if (s.startsWith("<!--", i)) {
      // saxes ends a comment at the first "--", which must be followed by ">".
      const end = s.indexOf("--", i + 4);
      if (end < 0 || s.charCodeAt(end + 2) !== GT || !this.scanRaw(i + 4, end)) return -1;
      return end + 3;
    }
    const current = this.stack[this.stack.length - 1];
    if (current === undefined || !s.startsWith("<![CDATA[", i)) return -1;
    const end = s.indexOf("]]>", i + 9);
    if (end < 0 || !this.scanRaw(i + 9, end)) return -1;
    current.text += this.value;
    return end + 3;
  }

  private endTag(i: number): number {
    const { s, stack } = this;
    const open = stack[stack.length - 1];
    if (open === undefined) return -1;
    // The name compared in place, against where the start tag wrote it: startsWith with the name
    // string was 10 % of parsing an Inform.
    const length = open.name.length;
    const start = this.nameStarts[this.nameStarts.length - 1] ?? 0;
    for (let k = 0; k < length; k++) if (s.charCodeAt(i + 2 + k) !== s.charCodeAt(start + k)) return -1;
    const j = this.skipSpaces(i + 2 + length);
    if (s.charCodeAt(j) !== GT) return -1; // also when the name goes on: "</ab>" does not close "<a>"
    stack.pop();
    this.nameStarts.pop();
    this.scopes.pop();
    this.scope = this.scopes[this.scopes.length - 1];
    return j + 1;
  }

  private startTag(i: number): number {
    const { s, attrNames, attrColons, attrValues } = this;
    let j = this.scanName(i + 1);
    if (j < 0) return -1;
    const name = s.slice(i + 1, j);
    const colon = this.colon < 0 ? -1 : this.colon - i - 1;
    let count = 0;
    let selfClosing = false;
    for (;;) {
      const before = j;
      j = this.skipSpaces(j);
      let c = s.charCodeAt(j);
      if (c === GT) {
        j++;
        break;
      }
      if (c === SLASH) {
        if (s.charCodeAt(j + 1) !== GT) return -1;
        j += 2;
        selfClosing = true;
        break;
      }
      if (j === before) return -1; // saxes wants whitespace before each attribute
      const end = this.scanName(j);
      if (end < 0) return -1;
      attrNames[count] = s.slice(j, end);
      attrColons[count] = this.colon < 0 ? -1 : this.colon - j;
      j = this.skipSpaces(end);
      if (s.charCodeAt(j) !== EQUALS) return -1;
      j = this.skipSpaces(j + 1);
      c = s.charCodeAt(j);
      if (c !== DQUOTE && c !== SQUOTE) return -1;
      j = this.scanAttrValue(j + 1, c);
      if (j < 0) return -1;
      attrValues[count++] = this.value;
    }
    // parse-xml counts and measures depth as each start tag completes; saxes reports the limit.
    if (++this.count > this.maxElements || this.stack.length >= this.maxDepth) return -1;
    const scope = count === 0 ? this.scope : this.declare(count);
    if (scope === null) return -1;
    let local = name;
    let ns: string | undefined;
    if (colon < 0) {
      ns = scope?.defaultNs ?? "";
    } else {
      const prefix = name.slice(0, colon);
      ns = prefix === "xmlns" ? undefined : resolve(scope, prefix);
      if (ns === undefined || ns === "") return -1; // unbound prefix: saxes throws
      local = name.slice(colon + 1);
    }
    const attrs =
      count === 0 ? EMPTY_ATTRS : count === 1 ? this.single(scope) : this.attributes(count, scope);
    if (attrs === undefined) return -1;
    const el: XmlElement = { name, local, ns, attrs, children: [], text: "" };
    const parent = this.stack[this.stack.length - 1];
    if (parent !== undefined) parent.children.push(el);
    else if (this.root === undefined) this.root = el;
    else return -1; // a second root
    if (!selfClosing) {
      this.stack.push(el);
      this.nameStarts.push(i + 1);
      this.scopes.push(scope);
      this.scope = scope;
    }
    return j;
  }

  /** The scope for the current start tag: its xmlns declarations over the enclosing one; null to give up. */
  private declare(count: number): Scope | undefined | null {
    const { attrNames, attrColons, attrValues } = this;
    let uris: Map<string, string> | undefined;
    for (let k = 0; k < count; k++) {
      const name = attrNames[k] ?? "";
      let prefix: string;
      if (attrColons[k] === 5 && name.startsWith("xmlns:")) prefix = name.slice(6);
      else if (name === "xmlns") prefix = "";
      else continue;
      // saxes checks declarations against the reserved prefixes and URIs (and, in XML 1.0, refuses to
      // undeclare a prefix); such documents are not ordinary, so they are left to it entirely.
      const uri = (attrValues[k] ?? "").trim();
      if (prefix === "xml" || prefix === "xmlns" || uri === XML_NAMESPACE || uri === XMLNS_NAMESPACE)
        return null;
      if (prefix !== "" && uri === "") return null;
      (uris ??= new Map()).set(prefix, uri);
    }
    if (uris === undefined) return this.scope;
    return { parent: this.scope, uris, defaultNs: uris.get("") ?? this.scope?.defaultNs };
  }

  /**
   * The keys of a prefixed attribute, its prefix resolved in `scope`; undefined when unbound. The last
   * answer is kept: the same attribute on element after element (xsi:type on every Value) skips the
   * prefix lookup and the key table.
   */
  private prefixedKeys(name: string, colon: number, scope: Scope | undefined): AttrKeys | undefined {
    if (name === this.lastAttr && scope === this.lastAttrScope) return this.lastAttrKeys;
    const uri = resolve(scope, name.slice(0, colon));
    const keys = uri === undefined ? undefined : keysOf(name, colon, uri);
    this.lastAttr = name;
    this.lastAttrScope = scope;
    this.lastAttrKeys = keys;
    return keys;
  }

  /**
   * The record of a start tag with one attribute. Elements with the same attribute and value in the
   * same scope share one record (xsi:type="xsd:string" on every Value of an Inform or of a
   * whole-tree GetParameterValuesResponse): the record depends on nothing else, and a parsed element's
   * attributes are read-only (XmlElement.attrs). Not frozen: the saxes path's records are not either.
   */
  private single(scope: Scope | undefined): Record<string, string> | undefined {
    const name = this.attrNames[0] ?? "";
    const value = this.attrValues[0] ?? "";
    let byValue = this.singles.get(name);
    const known = byValue?.get(value);
    if (known !== undefined && known.scope === scope) return known.attrs;
    const attrs = this.attributes(1, scope);
    if (attrs === undefined) return undefined;
    if (byValue === undefined) this.singles.set(name, (byValue = new Map<string, SharedRecord>()));
    byValue.set(value, { scope, attrs });
    return attrs;
  }

  /** The attribute record parse-xml's toElement builds from saxes' tag; undefined to give up. */
  private attributes(count: number, scope: Scope | undefined): Record<string, string> | undefined {
    const { attrNames, attrColons, attrValues, eqNames } = this;
    const attrs = Object.create(null) as Record<string, string>;
    const seen = count > PAIRWISE_LIMIT ? new Set<string>() : undefined;
    for (let k = 0; k < count; k++) {
      const name = attrNames[k] ?? "";
      const value = attrValues[k] ?? "";
      const colon = attrColons[k] ?? -1;
      let eqName: string; // saxes' duplicate key: the name, or {uri}local for a prefixed one
      if (colon < 0) {
        eqName = keysOf(name, -1, "").name;
        attrs[eqName] = value;
      } else {
        const keys = this.prefixedKeys(name, colon, scope);
        if (keys === undefined) return undefined;
        eqName = keys.clark;
        attrs[keys.name] = value;
        if (keys.uri !== XMLNS_NAMESPACE) {
          attrs[keys.clark] = value;
          if (!(keys.local in attrs)) attrs[keys.local] = value;
        }
      }
      if (seen !== undefined) {
        if (seen.has(eqName)) return undefined;
        seen.add(eqName);
      } else {
        for (let m = 0; m < k; m++) if (eqNames[m] === eqName) return undefined;
        eqNames[k] = eqName;
      }
    }
    return attrs;
  }
}

/**
 * Reads `text` (already size-checked and decoded by parseXml) into the tree parseXmlWithSaxes would
 * build, or returns undefined when not certain to: the caller must then use saxes.
 */
export function fastParseXml(text: string, maxDepth: number, maxElements: number): XmlElement | undefined {
  return new FastReader(text, maxDepth, maxElements).read();
}

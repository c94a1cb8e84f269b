// The tree both readers build (the fast path of fast-parse.ts and the saxes path of parse-xml.ts),
// and the constants they must share for their trees to be indistinguishable.

export interface XmlElement {
  /** Qualified name as written, e.g. "cwmp:Inform". */
  name: string;
  /** Local part, e.g. "Inform". */
  local: string;
  /** Resolved namespace URI, "" when the element is in no namespace. */
  ns: string;
  /**
   * Attributes by qualified name as written ("xsi:type", "xmlns:cwmp"), by Clark name for prefixed
   * ones ("{http://www.w3.org/2001/XMLSchema-instance}type"), and by local name ("type"; the first
   * attribute with that local name wins, namespace declarations excluded). Null prototype, so keys
   * like "constructor" are never inherited. Elements without attributes share one frozen empty
   * record, and the fast reader shares one record among elements with the same single attribute:
   * the records are read-only.
   */
  readonly attrs: Readonly<Record<string, string>>;
  children: XmlElement[];
  /** Character data directly inside this element (text and CDATA), entity-decoded. */
  text: string;
}

// Most CWMP elements carry no attributes; they share one frozen empty record instead of allocating.
export const NO_ATTRS: Record<string, string> = Object.freeze(Object.create(null) as Record<string, string>);

export const XML_NAMESPACE = "http://www.w3.org/XML/1998/namespace";
export const XMLNS_NAMESPACE = "http://www.w3.org/2000/xmlns/";

// Prefixes some CPEs use without declaring them. Resolving them (only when unbound) keeps such
// envelopes readable; a document's own declarations always take precedence.
const UNDECLARED_PREFIXES: Readonly<Record<string, string>> = {
  "soap-env": "http://schemas.xmlsoap.org/soap/envelope/",
  "SOAP-ENV": "http://schemas.xmlsoap.org/soap/envelope/",
  soapenv: "http://schemas.xmlsoap.org/soap/envelope/",
  soap: "http://schemas.xmlsoap.org/soap/envelope/",
  "soap-enc": "http://schemas.xmlsoap.org/soap/encoding/",
  "SOAP-ENC": "http://schemas.xmlsoap.org/soap/encoding/",
  soapenc: "http://schemas.xmlsoap.org/soap/encoding/",
  xsd: "http://www.w3.org/2001/XMLSchema",
  xsi: "http://www.w3.org/2001/XMLSchema-instance",
};

export const resolveUndeclared = (prefix: string): string | undefined =>
  Object.prototype.hasOwnProperty.call(UNDECLARED_PREFIXES, prefix) ? UNDECLARED_PREFIXES[prefix] : undefined;

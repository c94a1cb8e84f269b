import { describe, expect, it } from "vitest";
import { parseXml, XmlError, type XmlErrorReason } from "./index";

function reasonOf(fn: () => unknown): XmlErrorReason | "none" {
  try {
    fn();
  } catch (err) {
    if (err instanceof XmlError) return err.reason;
    throw err;
  }
  return "none";
}

describe("parseXml", () => {
  it("builds a tree with qualified/local names, namespaces, attributes and text", () => {
    const root = parseXml(
      '<a:Root xmlns:a="urn:a" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" x="1">' +
        '<Child xsi:type="xsd:int"> 4&amp;2 &#65;&#x42;<![CDATA[<raw>]]></Child><a:Empty/></a:Root>',
    );
    expect(root.name).toBe("a:Root");
    expect(root.local).toBe("Root");
    expect(root.ns).toBe("urn:a");
    expect(root.attrs.x).toBe("1");
    expect(root.attrs["xmlns:a"]).toBe("urn:a");
    expect(root.attrs.a).toBeUndefined(); // namespace declarations are not exposed by local name
    const child = root.children[0];
    expect(child?.ns).toBe("");
    expect(child?.text).toBe(" 4&2 AB<raw>");
    expect(child?.attrs.type).toBe("xsd:int");
    expect(child?.attrs["xsi:type"]).toBe("xsd:int");
    expect(child?.attrs["{http://www.w3.org/2001/XMLSchema-instance}type"]).toBe("xsd:int");
    expect(root.children[1]?.local).toBe("Empty");
    expect(root.children[1]?.ns).toBe("urn:a");
  });

  it("accepts bytes, a UTF-8 BOM, an XML declaration and comments", () => {
    const bytes = new TextEncoder().encode('\uFEFF<?xml version="1.0" encoding="UTF-8"?><!-- hi --><r>é</r>');
    expect(parseXml(bytes).text).toBe("é");
  });

  it("decodes a document that declares ISO-8859-1", () => {
    const bytes = Uint8Array.from([
      ...new TextEncoder().encode('<?xml version="1.0" encoding="ISO-8859-1"?><r>'),
      0xe9,
      ...new TextEncoder().encode("</r>"),
    ]);
    expect(parseXml(bytes).text).toBe("é");
  });

  it("resolves well-known prefixes a CPE forgot to declare", () => {
    const root = parseXml('<SOAP-ENV:Envelope><v xsi:type="xsd:string"/></SOAP-ENV:Envelope>');
    expect(root.ns).toBe("http://schemas.xmlsoap.org/soap/envelope/");
  });

  it("rejects DOCTYPE, processing instructions and undefined entities", () => {
    expect(reasonOf(() => parseXml('<!DOCTYPE r [<!ENTITY e "x">]><r>&e;</r>'))).toBe("doctype");
    expect(reasonOf(() => parseXml('<?xml-stylesheet href="a"?><r/>'))).toBe("pi");
    expect(reasonOf(() => parseXml("<r><?php echo 1 ?></r>"))).toBe("pi");
    expect(reasonOf(() => parseXml("<r>&nbsp;</r>"))).toBe("malformed");
  });

  it("enforces size, depth and element limits", () => {
    expect(reasonOf(() => parseXml("<r>" + "x".repeat(100) + "</r>", { maxBytes: 50 }))).toBe("size");
    expect(reasonOf(() => parseXml(new Uint8Array(51).fill(0x20), { maxBytes: 50 }))).toBe("size");
    // multi-byte characters count in bytes, not UTF-16 units
    expect(reasonOf(() => parseXml("<r>" + "é".repeat(20) + "</r>", { maxBytes: 40 }))).toBe("size");
    expect(reasonOf(() => parseXml("<a><a><a><a></a></a></a></a>", { maxDepth: 3 }))).toBe("depth");
    expect(parseXml("<a><a><a></a></a></a>", { maxDepth: 3 }).local).toBe("a");
    expect(reasonOf(() => parseXml("<r><a/><a/><a/></r>", { maxElements: 3 }))).toBe("elements");
  });

  it("rejects malformed and non-UTF-8 input", () => {
    expect(reasonOf(() => parseXml("<r><a></r>"))).toBe("malformed");
    expect(reasonOf(() => parseXml("<r>"))).toBe("malformed");
    expect(reasonOf(() => parseXml(""))).toBe("malformed");
    expect(reasonOf(() => parseXml("hello"))).toBe("malformed");
    expect(reasonOf(() => parseXml("<r/><r/>"))).toBe("malformed");
    expect(reasonOf(() => parseXml("<r>\u0001</r>"))).toBe("malformed");
    expect(reasonOf(() => parseXml("<x:r/>"))).toBe("malformed"); // unknown unbound prefix
    expect(reasonOf(() => parseXml(Uint8Array.from([0x3c, 0x72, 0x3e, 0xff, 0xfe, 0x3c])))).toBe("encoding");
  });

  // Its speed (well under a millisecond warm) is measured by bench/codec.ts, not asserted here.
  it("parses a ~5 KB document of 40 parameters into 40 complete elements", () => {
    const items = Array.from(
      { length: 40 },
      (_, i) => `<P><Name>Device.X.${i}.Name</Name><Value xsi:type="xsd:string">value ${i}</Value></P>`,
    );
    const doc = `<r xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">${items.join("")}</r>`;
    expect(doc.length).toBeGreaterThan(3000);
    const root = parseXml(doc);
    expect(root.children).toHaveLength(40);
    const last = root.children[39];
    expect(last?.children.map((c) => c.text)).toEqual(["Device.X.39.Name", "value 39"]);
    expect(last?.children[1]?.attrs["{http://www.w3.org/2001/XMLSchema-instance}type"]).toBe("xsd:string");
  });
});

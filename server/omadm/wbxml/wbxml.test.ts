// WBXML codec: spec-derived fixtures, round trips and hostile input. Every hostile case must come
// back as a WbxmlError value with the expected reason; none may throw or hang.
import { describe, expect, it } from "vitest";
import { decodeWbxml, encodeWbxml, SYNCML_NAMESPACE, METINF_NAMESPACE, type WbxmlElement } from "./index";
import { encodeMbUint32 } from "./tokens";

const S = SYNCML_NAMESPACE;
const el = (name: string, children: WbxmlElement["children"] = [], namespace = S): WbxmlElement => ({
  kind: "element",
  name,
  namespace,
  children,
});
const text = (value: string) => ({ kind: "text" as const, value });

// Header: WBXML 1.3, public id 0x1201 (mb_u_int32 A4 01), charset 106, then the string table.
const header = (table: number[] = []) => [0x03, 0xa4, 0x01, 0x6a, table.length, ...table];

function decodeError(bytes: number[] | Uint8Array, limits?: Parameters<typeof decodeWbxml>[1]) {
  const result = decodeWbxml(Uint8Array.from(bytes), limits);
  if (result.ok) throw new Error("expected an error");
  return result.error;
}

describe("mb_u_int32", () => {
  it("encodes per WBXML §5.1 (0xA0 = 81 20)", () => {
    expect(encodeMbUint32(0)).toEqual([0]);
    expect(encodeMbUint32(0x7f)).toEqual([0x7f]);
    expect(encodeMbUint32(0xa0)).toEqual([0x81, 0x20]);
    expect(encodeMbUint32(0x1201)).toEqual([0xa4, 0x01]);
    expect(encodeMbUint32(0xffffffff)).toEqual([0x8f, 0xff, 0xff, 0xff, 0x7f]);
    expect(() => encodeMbUint32(2 ** 32)).toThrow(RangeError);
  });

  it("refuses values above 2^32-1 and encodings longer than 5 bytes", () => {
    expect(decodeError([0x03, 0x9f, 0xff, 0xff, 0xff, 0x7f]).reason).toBe("integer");
    expect(decodeError([0x03, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01]).reason).toBe("integer");
    // An opaque length of 2^32-1 inside the body: refused as truncation, nothing allocated.
    expect(decodeError([...header(), 0x6d, 0xc3, 0x8f, 0xff, 0xff, 0xff, 0x7f]).reason).toBe("truncated");
  });
});

describe("decodeWbxml", () => {
  it("reads tags, page switches, inline and table strings, entities and opaque data", () => {
    // <SyncML><SyncHdr><VerDTD>1.2</VerDTD></SyncHdr><SyncBody><Final/></SyncBody>
    //  <Meta><Type xmlns=metinf>chr</Type></Meta> (page switch) <LocURI>STR_T "abc"</LocURI>
    //  <Data>&#233; + OPAQUE 01 FF</Data></SyncML>
    const bytes = [
      ...header([0x61, 0x62, 0x63, 0x00]),
      0x6d,
      ...[0x6c, 0x71, 0x03, 0x31, 0x2e, 0x32, 0x00, 0x01, 0x01],
      ...[0x6b, 0x12, 0x01],
      ...[0x5a, 0x00, 0x01, 0x53, 0x03, 0x63, 0x68, 0x72, 0x00, 0x01, 0x01, 0x00, 0x00],
      ...[0x57, 0x83, 0x00, 0x01],
      ...[0x4f, 0x02, 0x81, 0x69, 0xc3, 0x02, 0x01, 0xff, 0x01],
      0x01,
    ];
    const result = decodeWbxml(Uint8Array.from(bytes));
    expect(result.ok && result.value.publicId).toBe(0x1201);
    expect(result.ok && result.value.root).toEqual(
      el("SyncML", [
        el("SyncHdr", [el("VerDTD", [text("1.2")])]),
        el("SyncBody", [el("Final")]),
        el("Meta", [el("Type", [text("chr")], METINF_NAMESPACE)]),
        el("LocURI", [text("abc")]),
        el("Data", [text("é"), { kind: "opaque", bytes: Uint8Array.from([0x01, 0xff]) }]),
      ]),
    );
  });

  it("names the language through a string-table public id and reads literal tags and WBXML 1.0", () => {
    const id = [...Buffer.from("-//SYNCML//DTD SyncML 1.2//EN"), 0];
    const lit = [...Buffer.from("X-Vendor"), 0];
    const table = [...id, ...lit];
    const bytes = [0x02, 0x00, 0x00, 0x6a, table.length, ...table, 0x6d, 0x04, id.length, 0x01];
    const result = decodeWbxml(Uint8Array.from(bytes));
    expect(result.ok && result.value.publicId).toBe("-//SYNCML//DTD SyncML 1.2//EN");
    expect(result.ok && result.value.root).toEqual(el("SyncML", [el("X-Vendor", [], "")]));
    // WBXML 1.0 has no charset field; public id 1 (unknown) falls back to SyncML 1.2.
    const v10 = decodeWbxml(Uint8Array.from([0x00, 0x01, 0x00, 0x2d]));
    expect(v10.ok && v10.value.root).toEqual(el("SyncML"));
  });

  it("skips processing instructions", () => {
    const pi = [0x43, 0x04, 0x00, 0x03, 0x61, 0x00, 0x01];
    const result = decodeWbxml(
      Uint8Array.from([...header([0x78, 0x00]), ...pi, 0x6d, ...pi, 0x12, 0x01, ...pi]),
    );
    expect(result.ok && result.value.root).toEqual(el("SyncML", [el("Final")]));
  });

  it.each([
    ["empty input", [], "truncated"],
    ["unknown version", [0x07, 0xa4, 0x01, 0x6a, 0x00, 0x2d], "version"],
    ["unknown public id", [0x03, 0x05, 0x6a, 0x00, 0x2d], "public-id"],
    ["UTF-16 charset", [0x03, 0xa4, 0x01, 0x87, 0x77, 0x00, 0x2d], "charset"],
    ["string table past the end", [0x03, 0xa4, 0x01, 0x6a, 0x7f, 0x00], "truncated"],
    ["unknown tag token", [...header(), 0x3f], "token"],
    ["unknown code page", [...header(), 0x00, 0x07, 0x2d], "token"],
    ["attributes", [...header(), 0xad, 0x04, 0x00, 0x01], "attributes"],
    ["an extension token", [...header(), 0x6d, 0xc0, 0x01], "extension"],
    ["STR_T outside the table", [...header([0x61, 0x00]), 0x6d, 0x83, 0x05, 0x01], "string-table"],
    ["table entry without NUL", [...header([0x61]), 0x6d, 0x83, 0x00, 0x01], "string-table"],
    ["invalid UTF-8", [...header(), 0x6d, 0x03, 0xc3, 0x28, 0x00, 0x01], "charset"],
    ["an entity that is a surrogate", [...header(), 0x6d, 0x02, 0x83, 0xb0, 0x00, 0x01], "malformed"],
    ["a global token as root", [...header(), 0x03, 0x61, 0x00], "malformed"],
    ["bytes after the root", [...header(), 0x2d, 0x2d], "malformed"],
    ["a missing END", [...header(), 0x6d, 0x12], "truncated"],
  ])("refuses %s", (_name, bytes, reason) => {
    expect(decodeError(bytes).reason).toBe(reason);
  });

  it("refuses a string table larger than the limit before reading it", () => {
    // Declares 2^32-1 bytes of table in a 10-byte input.
    expect(decodeError([0x03, 0xa4, 0x01, 0x6a, 0x8f, 0xff, 0xff, 0xff, 0x7f, 0x00]).reason).toBe(
      "string-table",
    );
    const table = new Array<number>(300).fill(0x61);
    const small = decodeError([0x03, 0xa4, 0x01, 0x6a, 0x82, 0x2c, ...table, 0x2d], {
      limits: { maxStringTable: 256 },
    });
    expect(small.reason).toBe("string-table");
  });

  it("refuses nesting deeper than the limit without recursion", () => {
    const depth = 100_000; // far deeper than any call stack would survive
    const bytes = new Uint8Array(5 + depth);
    bytes.set(header());
    bytes.fill(0x54, 5); // <Item> with content, nested
    expect(decodeError(bytes).reason).toBe("depth");
    const ok = [...header(), ...new Array<number>(63).fill(0x54), 0x12, ...new Array<number>(63).fill(0x01)];
    expect(decodeWbxml(Uint8Array.from(ok)).ok).toBe(true);
  });

  it("refuses too many elements and oversized input", () => {
    const many = [...header(), 0x6d, ...new Array<number>(50).fill(0x12), 0x01];
    expect(decodeError(many, { limits: { maxElements: 10 } }).reason).toBe("elements");
    expect(decodeError(new Uint8Array(2000), { limits: { maxBytes: 1000 } }).reason).toBe("size");
  });
});

describe("encodeWbxml", () => {
  const tree = el("SyncML", [
    el("SyncHdr", [el("VerDTD", [text("1.2")]), el("SessionID", [text("repeated")])]),
    el("SyncBody", [
      el("Status", [el("SourceRef", [text("repeated")]), el("Data", [text("200")])]),
      el("Meta", [
        el("NextNonce", [{ kind: "opaque", bytes: Uint8Array.from([0, 1, 2]) }], METINF_NAMESPACE),
      ]),
      el("X-Literal", [text("v")], ""),
      el("Final"),
    ]),
  ]);

  it("round trips through the decoder, with table strings, page switches, opaque and literal tags", () => {
    for (const options of [{}, { stringTable: false }, { literalPublicId: true, version: 0x02 as const }]) {
      const encoded = encodeWbxml(tree, options);
      expect(encoded.ok).toBe(true);
      const decoded = encoded.ok ? decodeWbxml(encoded.value) : undefined;
      expect(decoded?.ok && decoded.value.root).toEqual(tree);
    }
  });

  it("puts repeated strings in the string table", () => {
    const encoded = encodeWbxml(tree);
    const bytes = encoded.ok ? Buffer.from(encoded.value) : Buffer.alloc(0);
    expect(bytes.indexOf("repeated")).toBe(bytes.lastIndexOf("repeated"));
    expect(bytes.subarray(0, 4)).toEqual(Buffer.from([0x03, 0xa4, 0x01, 0x6a]));
  });

  it("refuses text with a NUL and nameless elements as values", () => {
    const nul = encodeWbxml(el("SyncML", [text("a\u0000b")]));
    expect(!nul.ok && nul.error.reason).toBe("unencodable");
    const nameless = encodeWbxml(el("SyncML", [el("", [], "")]));
    expect(!nameless.ok && nameless.error.reason).toBe("unencodable");
  });
});

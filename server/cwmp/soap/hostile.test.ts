// Hostile input must be refused by the defence meant for it (DOCTYPE refusal, depth/size/element
// limits, strict parsing), stopping at that point rather than after reading the rest, and without
// growing the heap by ~100 MB. How long a refusal takes is measured by bench/codec.ts, not here.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { parseXml, XmlError } from "../xml";
import { parseEnvelope, SoapError } from "./index";

const ENV_OPEN =
  '<soap-env:Envelope xmlns:soap-env="http://schemas.xmlsoap.org/soap/envelope/" ' +
  'xmlns:cwmp="urn:dslforum-org:cwmp-1-0"><soap-env:Header><cwmp:ID soap-env:mustUnderstand="1">1</cwmp:ID>' +
  "</soap-env:Header>";

const BILLION_LAUGHS =
  '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">' +
  Array.from({ length: 9 }, (_, i) => {
    const prev = i === 0 ? "lol" : `lol${i}`;
    return `<!ENTITY lol${i + 1} "${`&${prev};`.repeat(10)}">`;
  }).join("") +
  "]>" +
  `${ENV_OPEN}<soap-env:Body><cwmp:Reboot><CommandKey>&lol9;</CommandKey></cwmp:Reboot></soap-env:Body></soap-env:Envelope>`;

const EXTERNAL_ENTITY =
  '<?xml version="1.0"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>' +
  `${ENV_OPEN}<soap-env:Body><cwmp:Reboot><CommandKey>&xxe;</CommandKey></cwmp:Reboot></soap-env:Body></soap-env:Envelope>`;

const DEEP = `${ENV_OPEN}<soap-env:Body>${"<a>".repeat(100_000)}${"</a>".repeat(100_000)}</soap-env:Body></soap-env:Envelope>`;

interface Case {
  label: string;
  make: () => string | Uint8Array;
  /** "xml": SoapError wrapping an XmlError of this reason; otherwise the SoapError reason. */
  expected: { soap: SoapError["reason"]; xml?: XmlError["reason"]; faultCode?: number };
}

const CASES: readonly Case[] = [
  { label: "billion laughs", make: () => BILLION_LAUGHS, expected: { soap: "xml", xml: "doctype" } },
  { label: "external entity", make: () => EXTERNAL_ENTITY, expected: { soap: "xml", xml: "doctype" } },
  { label: "100,000-deep nesting", make: () => DEEP, expected: { soap: "xml", xml: "depth" } },
  {
    label: "64 MiB string body",
    make: () => `${ENV_OPEN}<soap-env:Body>${"x".repeat(64 * 1024 * 1024)}`,
    expected: { soap: "xml", xml: "size" },
  },
  {
    label: "64 MiB byte body",
    make: () => new Uint8Array(64 * 1024 * 1024).fill(0x41),
    expected: { soap: "xml", xml: "size" },
  },
  {
    label: "truncated envelope",
    make: () => `${ENV_OPEN}<soap-env:Body><cwmp:Inform><DeviceId><Manufacturer>AC`,
    expected: { soap: "xml", xml: "malformed" },
  },
  {
    label: "random binary",
    make: () => Uint8Array.from([0x3c, 0x61, 0x3e, 0xc3, 0x28, ...randomBytes(4096)]),
    expected: { soap: "xml", xml: "encoding" },
  },
  {
    label: "non-XML text",
    make: () => "HTTP/1.1 200 OK\r\n\r\nhello",
    expected: { soap: "xml", xml: "malformed" },
  },
  { label: "empty document", make: () => "", expected: { soap: "xml", xml: "malformed" } },
  {
    label: "processing instruction",
    make: () => `<?xml-stylesheet href="x"?>${ENV_OPEN}<soap-env:Body/></soap-env:Envelope>`,
    expected: { soap: "xml", xml: "pi" },
  },
  {
    label: "unknown body method",
    make: () => `${ENV_OPEN}<soap-env:Body><cwmp:X_ACME_Explode/></soap-env:Body></soap-env:Envelope>`,
    expected: { soap: "unknown-method", faultCode: 8000 },
  },
  {
    label: "missing Body",
    make: () => `${ENV_OPEN}</soap-env:Envelope>`,
    expected: { soap: "no-body", faultCode: 8003 },
  },
  {
    label: "empty Body",
    make: () => `${ENV_OPEN}<soap-env:Body>  </soap-env:Body></soap-env:Envelope>`,
    expected: { soap: "empty-body", faultCode: 8003 },
  },
  {
    label: "not a SOAP envelope",
    make: () => "<Envelope><Body><Inform/></Body></Envelope>",
    expected: { soap: "not-envelope", faultCode: 8003 },
  },
];

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  return undefined;
}

describe("hostile input", () => {
  it.each(CASES.map((c) => [c.label, c] as const))("%s is refused by its defence", (_label, c) => {
    const input = c.make();
    const heapBefore = process.memoryUsage().heapUsed;
    const err = catchError(() => parseEnvelope(input));
    const heapGrowth = process.memoryUsage().heapUsed - heapBefore;

    expect(err).toBeInstanceOf(SoapError);
    const soapError = err as SoapError;
    expect(soapError.reason).toBe(c.expected.soap);
    expect(soapError.faultCode).toBe(c.expected.faultCode ?? 8003);
    if (c.expected.xml !== undefined) {
      expect(soapError.xmlReason).toBe(c.expected.xml);
      expect(soapError.cause).toBeInstanceOf(XmlError);
    }
    expect(heapGrowth).toBeLessThan(100 * 1024 * 1024);
  });

  it("parseXml itself throws XmlError for the same inputs", () => {
    expect(() => parseXml(BILLION_LAUGHS)).toThrow(XmlError);
    expect(() => parseXml(EXTERNAL_ENTITY)).toThrow(XmlError);
    expect(() => parseXml(DEEP)).toThrow(XmlError);
  });

  it("passes caller limits through to the XML reader", () => {
    const small = `${ENV_OPEN}<soap-env:Body><cwmp:GetRPCMethods/></soap-env:Body></soap-env:Envelope>`;
    expect(parseEnvelope(small).body.name).toBe("GetRPCMethods");
    expect((catchError(() => parseEnvelope(small, { maxBytes: 100 })) as SoapError).xmlReason).toBe("size");
    expect((catchError(() => parseEnvelope(small, { maxDepth: 2 })) as SoapError).xmlReason).toBe("depth");
  });

  it("stops a flood of elements at the element limit, before reading the rest", () => {
    // After the flood comes a processing instruction: a reader that counted elements only once it
    // had read the whole document would refuse it for the instruction ("pi"), not for the count.
    const many = `${ENV_OPEN}<soap-env:Body><cwmp:GetParameterValues><ParameterNames>${"<string>a</string>".repeat(
      300_000,
    )}<?late-instruction?></ParameterNames></cwmp:GetParameterValues></soap-env:Body></soap-env:Envelope>`;
    const err = catchError(() => parseEnvelope(many));
    expect((err as SoapError).xmlReason).toBe("elements");
    expect(((err as SoapError).cause as XmlError).message).toBe("more than 200000 elements");
  });
});

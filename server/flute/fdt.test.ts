// FDT Instances per RFC 6726 §3.4.2 (v2) and RFC 3926 §3.4.2 (v1): fixtures as such senders write them.
import { describe, expect, it } from "vitest";
import { buildFdtInstance, FdtInstanceIds, fromNtpSeconds, parseFdtInstance, toNtpSeconds } from "./fdt";

const NOW = Date.UTC(2026, 11, 3, 8, 0, 0);

const V2_FIXTURE = `<?xml version="1.0" encoding="UTF-8"?>
<FDT-Instance xmlns="urn:ietf:params:xml:ns:fdt" Expires="3973651200" Complete="true">
  <File Content-Location="http://example.com/fw/stb-2.1.bin" TOI="2" Content-Length="1048576"
        Transfer-Length="1048576" Content-Type="application/octet-stream"
        Content-MD5="Dw7yF0+WC4y4mdELMQKYVw==" FEC-OTI-FEC-Encoding-ID="0"
        FEC-OTI-Maximum-Source-Block-Length="64" FEC-OTI-Encoding-Symbol-Length="1428"/>
</FDT-Instance>`;

// RFC 3926-era file: the 2005 namespace, a second file, an attribute of another namespace.
const V1_FIXTURE = `<FDT-Instance xmlns="urn:IETF:metadata:2005:FLUTE:FDT"
  xmlns:mbms2005="urn:3GPP:metadata:2005:MBMS:FLUTE:FDT" Expires="3973651200">
  <File TOI="1" Content-Location="a.bin" Content-Length="10" mbms2005:MBMS-Session-Identity="9"/>
  <File TOI="5" Content-Location="b.bin"/>
</FDT-Instance>`;

describe("FDT Instance", () => {
  it("reads a v2 instance with every File attribute", () => {
    const r = parseFdtInstance(Buffer.from(V2_FIXTURE), NOW);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.namespace).toBe("urn:ietf:params:xml:ns:fdt");
    expect(r.value.complete).toBe(true);
    expect(r.value.expires).toBe((3973651200 - 2208988800) * 1000);
    expect(r.value.files).toEqual([
      {
        contentLocation: "http://example.com/fw/stb-2.1.bin",
        toi: 2,
        contentLength: 1048576,
        transferLength: 1048576,
        contentType: "application/octet-stream",
        contentMd5: "Dw7yF0+WC4y4mdELMQKYVw==",
        fecEncodingId: 0,
        maxSourceBlockLength: 64,
        encodingSymbolLength: 1428,
      },
    ]);
  });

  it("reads a v1 instance with its namespace and foreign attributes", () => {
    const r = parseFdtInstance(Buffer.from(V1_FIXTURE), NOW);
    expect(r.ok && r.value.namespace).toBe("urn:IETF:metadata:2005:FLUTE:FDT");
    expect(r.ok && r.value.files.map((f) => [f.toi, f.contentLocation, f.contentLength])).toEqual([
      [1, "a.bin", 10],
      [5, "b.bin", undefined],
    ]);
  });

  it.each([1, 2] as const)("round-trips what the v%s sender writes", (v) => {
    const instance = {
      expires: Date.UTC(2026, 11, 4, 0, 0, 0),
      complete: true,
      files: [
        { contentLocation: 'fw "1" <&>.bin', toi: 1, contentLength: 5, transferLength: 5, contentMd5: "x==" },
      ],
    };
    const xml = buildFdtInstance(instance, v);
    expect(xml.toString()).toContain(
      v === 1 ? "urn:IETF:metadata:2005:FLUTE:FDT" : "urn:ietf:params:xml:ns:fdt",
    );
    const r = parseFdtInstance(xml, NOW);
    expect(r.ok && r.value).toMatchObject(instance);
  });

  it.each([
    ["not XML", "<FDT-Instance", "xml"],
    ["a DTD", '<!DOCTYPE x [<!ENTITY a "b">]><FDT-Instance Expires="1"/>', "xml"],
    [
      "deep nesting",
      `<FDT-Instance Expires="1">${"<a>".repeat(20)}${"</a>".repeat(20)}</FDT-Instance>`,
      "xml",
    ],
    ["another root", '<FDT Expires="1"/>', "root"],
    ["no Expires", "<FDT-Instance/>", "expires"],
    ["Expires beyond 32 bits", '<FDT-Instance Expires="4294967296"/>', "expires"],
    ["File without TOI", '<FDT-Instance Expires="1"><File Content-Location="a"/></FDT-Instance>', "file"],
    ["File without location", '<FDT-Instance Expires="1"><File TOI="1"/></FDT-Instance>', "file"],
    [
      "negative length",
      '<FDT-Instance Expires="1"><File TOI="1" Content-Location="a" Content-Length="-1"/></FDT-Instance>',
      "file",
    ],
  ])("refuses %s", (_name, xml, error) => {
    expect(parseFdtInstance(Buffer.from(xml), NOW)).toMatchObject({ ok: false, error });
  });

  it("refuses a document over 64 KiB before parsing it", () => {
    const big = `<FDT-Instance Expires="1">${" ".repeat(70_000)}</FDT-Instance>`;
    expect(parseFdtInstance(Buffer.from(big), NOW)).toMatchObject({ ok: false, error: "xml" });
  });
});

describe("NTP time in Expires", () => {
  it("is the 32 MSBs of NTP time and reads back in the era closest to now", () => {
    expect(toNtpSeconds(0)).toBe(2208988800);
    expect(fromNtpSeconds(toNtpSeconds(NOW), NOW)).toBe(NOW);
    // NTP era 1 starts on 2036-02-07: a value just past the wrap read in 2036 lies after it, not in 1900.
    const after = Date.UTC(2036, 1, 8);
    expect(toNtpSeconds(after)).toBeLessThan(100_000);
    expect(fromNtpSeconds(toNtpSeconds(after), Date.UTC(2036, 1, 1))).toBe(after);
  });
});

describe("FDT Instance IDs", () => {
  it("v1 wraps 2^20-1 to 0", () => {
    const ids = new FdtInstanceIds(1);
    for (let i = 0; i < 0xfffff; i++) ids.allocate(0, 0);
    expect(ids.allocate(0, 0)).toBe(0xfffff);
    expect(ids.allocate(0, 0)).toBe(0);
  });

  it("v2 reuses the smallest expired ID and never a live one", () => {
    const ids = new FdtInstanceIds(2);
    for (let i = 0; i <= 0xfffff; i++) ids.allocate(i === 7 || i === 3 ? 100 : 10_000, 0);
    expect(() => ids.allocate(20_000, 50)).toThrow(/live/);
    expect(ids.allocate(20_000, 100)).toBe(3);
    expect(ids.allocate(20_000, 100)).toBe(7);
    expect(() => ids.allocate(20_000, 100)).toThrow(/live/);
  });
});

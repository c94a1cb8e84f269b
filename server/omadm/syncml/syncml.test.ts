// SyncML DM message codec: the captured package 1 (docs/domain.md §5.1), round trips in both
// encodings, and hostile input (every truncation, DTDs, depth, structure) as error values.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  CONTENT_TYPES,
  encodingOf,
  itemBytes,
  itemText,
  parseSyncML,
  parseSyncMLTree,
  serializeSyncML,
  serializeSyncMLTree,
  type SyncMLMessage,
  type SyncmlEncoding,
} from "./index";

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
const ENCODINGS: SyncmlEncoding[] = ["xml", "wbxml"];

function parse(bytes: Uint8Array, encoding: SyncmlEncoding = "xml"): SyncMLMessage {
  const result = parseSyncML(bytes, CONTENT_TYPES[encoding]);
  if (!result.ok) throw result.error;
  return result.value;
}

function serialize(message: SyncMLMessage, encoding: SyncmlEncoding): Uint8Array {
  const result = serializeSyncML(message, encoding);
  if (!result.ok) throw result.error;
  return result.value;
}

const devInfo = (node: string, value: string) => ({
  source: { locUri: `./DevInfo/${node}` },
  meta: { format: "chr", type: "text/plain" },
  data: value,
});

describe("parseSyncML", () => {
  it("reads the captured package 1", () => {
    expect(parse(fixture("package1.xml"))).toEqual({
      header: {
        verDTD: "1.2",
        verProto: "DM/1.2",
        sessionId: "1",
        msgId: "1",
        target: { locUri: "http://127.0.0.1:8080/funambol/dm" },
        source: { locUri: "DMCtest" },
        cred: { meta: { format: "b64", type: "syncml:auth-basic" }, data: "ZnVuYW1ib2w6ZnVuYW1ib2w=" },
        meta: { maxMsgSize: 16384 },
      },
      body: {
        commands: [
          { kind: "Alert", cmdId: "1", code: 1201, items: [] },
          {
            kind: "Replace",
            cmdId: "2",
            items: [
              devInfo("DevId", "DMCtest"),
              devInfo("Man", "Intel"),
              devInfo("Mod", "DM client"),
              devInfo("DmV", "1.2"),
              devInfo("Lang", "en-US"),
            ],
          },
        ],
        final: true,
      },
    } satisfies SyncMLMessage);
  });

  it("reads status with a challenge, nested commands, results and a generic alert", () => {
    const pkg2 = parse(fixture("package2.xml"));
    expect(pkg2.body.commands[0]).toMatchObject({
      kind: "Status",
      cmdRef: "0",
      cmd: "SyncHdr",
      code: 212,
      chal: { meta: { type: "syncml:auth-md5", format: "b64", nextNonce: "WDVEbGNEQThXREE9" } },
    });
    expect(pkg2.body.commands[3]).toMatchObject({
      items: [{ data: "http://127.0.0.1:9000/fw.bin?a=1&b=2" }],
    });
    expect(pkg2.body.commands[4]).toMatchObject({
      kind: "Sequence",
      commands: [{ kind: "Exec", correlator: "wave-7" }, { kind: "Delete" }],
    });
    const pkg3 = parse(fixture("package3.xml"));
    expect(pkg3.header.source).toEqual({ locUri: "DMCtest", locName: "mobile" });
    expect(pkg3.body.commands[2]).toMatchObject({ kind: "Results", msgRef: "1", cmdRef: "3" });
    expect(pkg3.body.commands[4]).toMatchObject({
      kind: "Alert",
      code: 1226,
      correlator: "wave-7",
      items: [{ source: { locUri: "./FUMO/x" }, meta: { format: "int", mark: "critical" }, data: "200" }],
    });
  });

  it("keeps a DDF in Results Data as its XML text, from either encoding", () => {
    const xml = fixture("results-ddf.xml");
    const fromXml = parse(xml);
    const item = fromXml.body.commands[0]?.kind === "Results" ? fromXml.body.commands[0].items[0] : undefined;
    expect(item?.data).toMatch(
      /^<MgmtTree xmlns="syncml:dmddf1.2"><VerDTD>1.2<\/VerDTD><Node><NodeName>DevDetail/,
    );
    expect(item?.meta?.type).toBe("application/vnd.syncml.dmtnds+xml");
    const tree = parseSyncMLTree(xml, CONTENT_TYPES.xml);
    const wbxml = tree.ok ? serializeSyncMLTree(tree.value, "wbxml") : undefined;
    expect(wbxml?.ok && parse(wbxml.value, "wbxml")).toEqual(fromXml);
  });

  it("accepts MetInf elements without their namespace and the vnd.syncml aliases", () => {
    const xml = fixture("package1.xml").toString().replaceAll(" xmlns='syncml:metinf'", "");
    const result = parseSyncML(Buffer.from(xml), "application/vnd.syncml+xml; charset=UTF-8");
    expect(result.ok && result.value).toEqual(parse(fixture("package1.xml")));
    expect(encodingOf("application/vnd.syncml+wbxml")).toBe("wbxml");
    expect(encodingOf("text/xml")).toBeUndefined();
  });

  it.each([
    ["a foreign content type", "<SyncML/>", "text/xml", "content-type"],
    ["a DTD", `<!DOCTYPE SyncML [<!ENTITY x "y">]><SyncML/>`, CONTENT_TYPES.xml, "doctype"],
    ["a processing instruction", `<?php x ?><SyncML/>`, CONTENT_TYPES.xml, "pi"],
    ["deep nesting", "<a>".repeat(65) + "</a>".repeat(65), CONTENT_TYPES.xml, "depth"],
    ["another root", "<Envelope/>", CONTENT_TYPES.xml, "structure"],
    ["mixed content", "<SyncML>text<SyncHdr/></SyncML>", CONTENT_TYPES.xml, "malformed"],
  ])("refuses %s", (_name, body, contentType, reason) => {
    const result = parseSyncML(Buffer.from(body), contentType);
    expect(!result.ok && result.error.reason).toBe(reason);
  });

  it("refuses missing required elements and non-numeric codes", () => {
    const xml = fixture("package2.xml").toString();
    for (const broken of [
      xml.replace("<CmdID>3</CmdID>", ""),
      xml.replace("<Data>212</Data>", "<Data>OK</Data>"),
      xml.replace("<MsgID>1</MsgID>", ""),
      xml.replace("<Target><LocURI>DMCtest</LocURI></Target>", ""),
      xml.replace('<Format xmlns="syncml:metinf">chr</Format>', '<Size xmlns="syncml:metinf">-1</Size>'),
      xml.replace("<SyncBody>", "<SyncBodyX>").replace("</SyncBody>", "</SyncBodyX>"),
    ]) {
      const result = parseSyncML(Buffer.from(broken), CONTENT_TYPES.xml);
      expect(!result.ok && result.error.reason).toBe("structure");
    }
  });

  it("gives an error, never an exception, for every truncation in both encodings", () => {
    const message = parse(fixture("package3.xml"));
    for (const encoding of ENCODINGS) {
      const bytes = serialize(message, encoding);
      for (let n = 0; n < bytes.length; n++) {
        const result = parseSyncML(bytes.subarray(0, n), CONTENT_TYPES[encoding]);
        if (result.ok) throw new Error(`${encoding} prefix of ${n}/${bytes.length} bytes parsed`);
      }
    }
  });
});

describe("corrupted input", () => {
  // Deterministic PRNG (mulberry32) so a failure reproduces.
  function random(seed: number): () => number {
    let a = seed;
    return () => {
      a = (a + 0x6d2b79f5) | 0;
      let t = Math.imul(a ^ (a >>> 15), 1 | a);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  it.each(ENCODINGS)("returns a value, never throws, for randomly corrupted %s", (encoding) => {
    const valid = serialize(parse(fixture("results-ddf.xml")), encoding);
    const next = random(encoding === "xml" ? 1 : 2);
    let refused = 0;
    for (let round = 0; round < 2000; round++) {
      const bytes = Uint8Array.from(valid);
      const flips = 1 + Math.floor(next() * 4);
      for (let i = 0; i < flips; i++) bytes[Math.floor(next() * bytes.length)] = Math.floor(next() * 256);
      const result = parseSyncML(bytes, CONTENT_TYPES[encoding]);
      if (!result.ok) refused++;
      expect(typeof result.ok).toBe("boolean");
    }
    expect(refused).toBeGreaterThan(0);
  });
});

describe("item data", () => {
  it("gives bytes and text whatever the form", () => {
    expect(itemBytes({ meta: { format: "b64" }, data: "/wD+\ngA==" })).toEqual(
      Uint8Array.from([0xff, 0, 0xfe, 0x80]),
    );
    expect(itemBytes({ meta: { format: "b64" }, data: "not base64!" })).toBeUndefined();
    expect(itemBytes({ meta: { format: "bin" }, data: "é" })).toEqual(Uint8Array.from([0xc3, 0xa9]));
    expect(itemBytes({ data: Uint8Array.from([1]) })).toEqual(Uint8Array.from([1]));
    expect(itemBytes({})).toBeUndefined();
    expect(itemText({ data: Uint8Array.from([0x68, 0x69]) })).toBe("hi");
  });
});

describe("serializeSyncML", () => {
  const handBuilt: SyncMLMessage = {
    header: {
      verDTD: "1.2",
      verProto: "DM/1.2",
      sessionId: "4D2",
      msgId: "3",
      target: { locUri: "IMEI:490154203237518", locName: "handset" },
      source: { locUri: "http://127.0.0.1:7549/omadm", locName: "vantage" },
      respUri: "http://127.0.0.1:7549/omadm?s=abc&m=3",
      noResp: true,
      cred: { meta: { type: "syncml:auth-md5", format: "b64" }, data: "hCYC0/A/ecptbtSXn8MS0Q==" },
      meta: { maxMsgSize: 8192, maxObjSize: 524288 },
    },
    body: {
      commands: [
        {
          kind: "Alert",
          cmdId: "1",
          code: 1101,
          noResp: true,
          items: [{ data: 'Update now? <yes> & "no"' }],
        },
        {
          kind: "Atomic",
          cmdId: "2",
          meta: { type: "text/plain" },
          commands: [
            { kind: "Add", cmdId: "3", items: [{ target: { locUri: "./Ext/A" }, meta: { format: "node" } }] },
            {
              kind: "Replace",
              cmdId: "4",
              items: [
                {
                  target: { locUri: "./FUMO/x/Update/PkgData" },
                  meta: { format: "b64", type: "application/octet-stream", size: 9000, version: "2" },
                  data: "QUJD",
                  moreData: true,
                },
              ],
            },
          ],
        },
        { kind: "Copy", cmdId: "5", cred: { data: "x" }, items: [{ target: { locUri: "./B" } }] },
        {
          kind: "Get",
          cmdId: "6",
          meta: { type: "text/plain" },
          items: [{ target: { locUri: "./DevInfo?list=Struct" } }],
        },
        { kind: "Results", cmdId: "7", cmdRef: "2", targetRefs: [], sourceRefs: ["./A"], items: [] },
        {
          kind: "Status",
          cmdId: "8",
          msgRef: "2",
          cmdRef: "0",
          cmd: "SyncHdr",
          targetRefs: ["a", "b"],
          sourceRefs: [],
          cred: { data: "c" },
          chal: { meta: { type: "syncml:auth-MAC", format: "b64", nextNonce: "AAECAw==" } },
          code: 401,
          items: [{ source: { locUri: "./x" }, data: "" }],
        },
        { kind: "Unknown", name: "Sync", cmdId: "9" },
      ],
      final: false,
    },
  };

  it.each(ENCODINGS)("round trips every fixture and a hand-built message in %s", (encoding) => {
    for (const name of ["package1.xml", "package2.xml", "package3.xml"]) {
      const message = parse(fixture(name));
      expect(parse(serialize(message, encoding), encoding)).toEqual(message);
    }
    expect(parse(serialize(handBuilt, encoding), encoding)).toEqual(handBuilt);
  });

  it("keeps binary item data in WBXML and writes it as base64 in XML", () => {
    const bytes = Uint8Array.from([0xff, 0x00, 0xfe, 0x80]);
    const message: SyncMLMessage = {
      ...handBuilt,
      body: {
        commands: [{ kind: "Replace", cmdId: "1", items: [{ meta: { format: "bin" }, data: bytes }] }],
        final: true,
      },
    };
    const viaWbxml = parse(serialize(message, "wbxml"), "wbxml");
    expect(viaWbxml).toEqual(message);
    const viaXml = parse(serialize(message, "xml"));
    expect(viaXml.body.commands[0]).toMatchObject({ items: [{ data: "/wD+gA==" }] });
  });

  it("writes a base64 NextNonce as OPAQUE bytes in WBXML, as handsets send it", () => {
    const wbxml = Buffer.from(serialize(handBuilt, "wbxml"));
    expect(wbxml.includes(Buffer.from([0xc3, 0x04, 0x00, 0x01, 0x02, 0x03]))).toBe(true);
    expect(wbxml.includes("AAECAw==")).toBe(false);
  });

  it("writes XML without a declaration, declaring syncml:metinf on MetInf elements", () => {
    const xml = Buffer.from(serialize(handBuilt, "xml")).toString();
    expect(xml.startsWith('<SyncML xmlns="SYNCML:SYNCML1.2"><SyncHdr><VerDTD>1.2</VerDTD>')).toBe(true);
    expect(xml).toContain('<MaxMsgSize xmlns="syncml:metinf">8192</MaxMsgSize>');
    expect(xml).toContain('<Data>Update now? &lt;yes&gt; &amp; "no"</Data>');
  });

  it("refuses characters XML cannot carry, as a value", () => {
    const message: SyncMLMessage = { ...handBuilt, header: { ...handBuilt.header, sessionId: "a\u0001b" } };
    const result = serializeSyncML(message, "xml");
    expect(!result.ok && result.error.reason).toBe("unencodable");
  });
});

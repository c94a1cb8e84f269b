// The wire form we emit: what CPE agents are known to need (architecture.md) and the XSD's shapes.
import { describe, expect, it } from "vitest";
import { cwmpFault, parseEnvelope, serializeEnvelope, type CwmpMessage, type Envelope } from "./index";
import { escapeXml } from "./write";

const env = (body: CwmpMessage, extra: Partial<Envelope> = {}): Envelope => ({
  cwmpNamespace: "urn:dslforum-org:cwmp-1-0",
  version: "1.0",
  header: { id: "42" },
  body,
  ...extra,
});

describe("serializeEnvelope", () => {
  it("emits no XML declaration, the fixed prefixes and a Header with cwmp:ID", () => {
    const xml = serializeEnvelope(env({ name: "InformResponse", maxEnvelopes: 1 }));
    expect(xml.startsWith("<soap-env:Envelope ")).toBe(true);
    expect(xml).not.toContain("<?xml");
    for (const decl of [
      'xmlns:soap-env="http://schemas.xmlsoap.org/soap/envelope/"',
      'xmlns:soap-enc="http://schemas.xmlsoap.org/soap/encoding/"',
      'xmlns:xsd="http://www.w3.org/2001/XMLSchema"',
      'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"',
      'xmlns:cwmp="urn:dslforum-org:cwmp-1-0"',
    ]) {
      expect(xml).toContain(decl);
    }
    expect(xml).toContain(
      '<soap-env:Header><cwmp:ID soap-env:mustUnderstand="1">42</cwmp:ID></soap-env:Header>',
    );
    expect(xml).toContain("<cwmp:InformResponse><MaxEnvelopes>1</MaxEnvelopes></cwmp:InformResponse>");
  });

  it("always sends cwmp:ID, empty when the envelope has none", () => {
    const xml = serializeEnvelope(env({ name: "RebootResponse" }, { header: {} }));
    expect(xml).toContain('<cwmp:ID soap-env:mustUnderstand="1"></cwmp:ID>');
  });

  it("emits optional header elements with their mustUnderstand values", () => {
    const xml = serializeEnvelope(
      env(
        { name: "InformResponse", maxEnvelopes: 1 },
        {
          cwmpNamespace: "urn:dslforum-org:cwmp-1-2",
          version: "1.4",
          header: {
            id: "1",
            holdRequests: true,
            noMoreRequests: false,
            sessionTimeout: 30,
            supportedCwmpVersions: "1.0,1.4",
            useCwmpVersion: "1.4",
          },
        },
      ),
    );
    expect(xml).toContain('<cwmp:HoldRequests soap-env:mustUnderstand="1">1</cwmp:HoldRequests>');
    expect(xml).toContain('<cwmp:NoMoreRequests soap-env:mustUnderstand="1">0</cwmp:NoMoreRequests>');
    expect(xml).toContain('<cwmp:SessionTimeout soap-env:mustUnderstand="0">30</cwmp:SessionTimeout>');
    expect(xml).toContain(
      '<cwmp:SupportedCWMPVersions soap-env:mustUnderstand="0">1.0,1.4</cwmp:SupportedCWMPVersions>',
    );
    expect(xml).toContain('<cwmp:UseCWMPVersion soap-env:mustUnderstand="1">1.4</cwmp:UseCWMPVersion>');
  });

  it("answers in the namespace given, or the version's when none is", () => {
    const inNs = serializeEnvelope(
      env({ name: "GetRPCMethods" }, { cwmpNamespace: "urn:dslforum-org:cwmp-1-3", version: "1.4" }),
    );
    expect(inNs).toContain('xmlns:cwmp="urn:dslforum-org:cwmp-1-3"');
    const fromVersion = serializeEnvelope(
      env({ name: "GetRPCMethods" }, { cwmpNamespace: "", version: "1.3" }),
    );
    expect(fromVersion).toContain('xmlns:cwmp="urn:dslforum-org:cwmp-1-2"');
  });

  it("writes arrays with soap-enc:arrayType and typed values", () => {
    const spv = serializeEnvelope(
      env({
        name: "SetParameterValues",
        parameterList: [
          { name: "A", value: "1", type: "unsignedInt" },
          { name: "B", value: "x", type: "string" },
        ],
        parameterKey: "k",
      }),
    );
    expect(spv).toContain(
      '<ParameterList soap-enc:arrayType="cwmp:ParameterValueStruct[2]"><ParameterValueStruct><Name>A</Name>' +
        '<Value xsi:type="xsd:unsignedInt">1</Value></ParameterValueStruct>',
    );
    const gpv = serializeEnvelope(env({ name: "GetParameterValues", parameterNames: ["A.", "B"] }));
    expect(gpv).toContain(
      '<ParameterNames soap-enc:arrayType="xsd:string[2]"><string>A.</string><string>B</string></ParameterNames>',
    );
    const gpn = serializeEnvelope(env({ name: "GetParameterNames", parameterPath: "A.", nextLevel: true }));
    expect(gpn).toContain("<ParameterPath>A.</ParameterPath><NextLevel>1</NextLevel>");
    const sv = serializeEnvelope(env({ name: "SetVouchers", voucherList: ["QQ=="] }));
    expect(sv).toContain(
      '<VoucherList soap-enc:arrayType="soap-enc:base64[1]"><base64>QQ==</base64></VoucherList>',
    );
    const cdu = serializeEnvelope(
      env({
        name: "ChangeDUState",
        operations: [{ op: "Uninstall", uuid: "u", version: "", executionEnvRef: "" }],
        commandKey: "",
      }),
    );
    expect(cdu).toContain('<Operations xsi:type="cwmp:UninstallOpStruct"><UUID>u</UUID>');
  });

  it("writes a SOAP Fault with the cwmp:Fault detail", () => {
    const xml = serializeEnvelope(env(cwmpFault(8005)));
    expect(xml).toContain(
      "<soap-env:Body><soap-env:Fault><faultcode>Client</faultcode><faultstring>CWMP fault</faultstring><detail><cwmp:Fault>" +
        "<FaultCode>8005</FaultCode><FaultString>Retry request</FaultString></cwmp:Fault></detail></soap-env:Fault></soap-env:Body>",
    );
  });

  it("escapes markup and strips characters XML 1.0 cannot carry", () => {
    const nasty = "a<b>&c\"d'e\u0000\u0001\u0008\u000b\u001f\uFFFE\uFFFF\uD800x\uDC00y😀\r";
    const xml = serializeEnvelope(env({ name: "Reboot", commandKey: nasty }));
    expect(xml).toContain("<CommandKey>a&lt;b&gt;&amp;c\"d'exy😀&#13;</CommandKey>");
    const back = parseEnvelope(xml).body;
    expect(back).toStrictEqual({ name: "Reboot", commandKey: "a<b>&c\"d'exy😀\r" });
    expect(escapeXml("\"'<\n\t", true)).toBe("&quot;&apos;&lt;&#10;&#9;");
    const idXml = serializeEnvelope(env({ name: "RebootResponse" }, { header: { id: 'x"<y' } }));
    expect(parseEnvelope(idXml).header.id).toBe('x"<y');
  });

  it("refuses a message it does not know", () => {
    const bogus = { name: "Nope" } as unknown as CwmpMessage;
    expect(() => serializeEnvelope(env(bogus))).toThrow(TypeError);
  });

  // Its speed (well under a millisecond per round trip) is measured by bench/codec.ts.
  it("round-trips a 40-parameter Inform unchanged", () => {
    const parameterList = Array.from({ length: 40 }, (_, i) => ({
      name: `Device.X.${i}.Name`,
      value: `value ${i}`,
      type: "string" as const,
    }));
    const inform: Envelope = env({
      name: "Inform",
      deviceId: { manufacturer: "M", oui: "000000", productClass: "P", serialNumber: "S" },
      events: [{ eventCode: "2 PERIODIC", commandKey: "" }],
      maxEnvelopes: 1,
      currentTime: "2024-01-01T00:00:00Z",
      retryCount: 0,
      parameterList,
    });
    expect(parseEnvelope(serializeEnvelope(inform)).body).toStrictEqual(inform.body);
  });
});

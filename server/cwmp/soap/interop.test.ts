// Interop tolerance: what real CPEs send that the schema does not allow (architecture.md,
// "Protocol rules learned from real CPEs").
import { describe, expect, it } from "vitest";
import { parseEnvelope, type CwmpMessage } from "./index";

function envelope(
  body: string,
  opts: { ns?: string; header?: string; soap?: string; extraNs?: string } = {},
): string {
  const p = opts.soap ?? "SOAP-ENV";
  const ns = opts.ns ?? "urn:dslforum-org:cwmp-1-0";
  return (
    `<${p}:Envelope xmlns:${p}="http://schemas.xmlsoap.org/soap/envelope/" xmlns:cwmp="${ns}" ` +
    `xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"${opts.extraNs ?? ""}>` +
    `<${p}:Header>${opts.header ?? '<cwmp:ID soap-env:mustUnderstand="1">7</cwmp:ID>'.replaceAll("soap-env", p)}</${p}:Header>` +
    `<${p}:Body>${body}</${p}:Body></${p}:Envelope>`
  );
}

const bodyOf = (xml: string): CwmpMessage => parseEnvelope(xml).body;

describe("interop tolerance", () => {
  it.each(["SOAP-ENV", "soapenv", "soap", "soap-env", "S"])("accepts the %s prefix for SOAP", (prefix) => {
    const env = parseEnvelope(envelope("<cwmp:GetRPCMethods/>", { soap: prefix }));
    expect(env.body.name).toBe("GetRPCMethods");
    expect(env.header.id).toBe("7");
  });

  it("matches the body method by local name: unqualified, default namespace, other prefix", () => {
    expect(bodyOf(envelope("<Reboot><CommandKey>k</CommandKey></Reboot>")).name).toBe("Reboot");
    const dflt = parseEnvelope(
      envelope('<Reboot xmlns="urn:dslforum-org:cwmp-1-2"><CommandKey>k</CommandKey></Reboot>', {
        ns: "urn:dslforum-org:cwmp-1-2",
      }),
    );
    expect(dflt.body).toStrictEqual({ name: "Reboot", commandKey: "k" });
    expect(dflt.cwmpNamespace).toBe("urn:dslforum-org:cwmp-1-2");
    const qualifiedChildren = bodyOf(
      envelope("<cwmp:Reboot><cwmp:CommandKey>q</cwmp:CommandKey></cwmp:Reboot>"),
    );
    expect(qualifiedChildren).toStrictEqual({ name: "Reboot", commandKey: "q" });
  });

  it("learns the version from the namespace and the header elements", () => {
    const v = (ns: string, header = ""): string =>
      parseEnvelope(envelope("<cwmp:GetRPCMethods/>", { ns, header: `<cwmp:ID>1</cwmp:ID>${header}` }))
        .version;
    expect(v("urn:dslforum-org:cwmp-1-0")).toBe("1.0");
    expect(v("urn:dslforum-org:cwmp-1-1")).toBe("1.1");
    expect(v("urn:dslforum-org:cwmp-1-2")).toBe("1.2");
    expect(v("urn:dslforum-org:cwmp-1-2", "<cwmp:SessionTimeout>30</cwmp:SessionTimeout>")).toBe("1.3");
    expect(
      v("urn:dslforum-org:cwmp-1-2", "<cwmp:SupportedCWMPVersions>1.0,1.4</cwmp:SupportedCWMPVersions>"),
    ).toBe("1.4");
    expect(v("urn:dslforum-org:cwmp-1-2", "<cwmp:UseCWMPVersion>1.4</cwmp:UseCWMPVersion>")).toBe("1.4");
    expect(v("urn:dslforum-org:cwmp-1-3")).toBe("1.4");
    expect(v("urn:dslforum-org:cwmp-1-4")).toBe("1.4");
  });

  it("reads every header field, with booleans in any spelling", () => {
    const env = parseEnvelope(
      envelope("<cwmp:GetRPCMethods/>", {
        ns: "urn:dslforum-org:cwmp-1-2",
        header:
          "<cwmp:ID> abc </cwmp:ID><cwmp:HoldRequests>TRUE</cwmp:HoldRequests><cwmp:NoMoreRequests>0</cwmp:NoMoreRequests>" +
          "<cwmp:SessionTimeout> 45 </cwmp:SessionTimeout><cwmp:SupportedCWMPVersions>1.0,1.1,1.2,1.3,1.4</cwmp:SupportedCWMPVersions>",
      }),
    );
    expect(env.header).toStrictEqual({
      id: "abc",
      holdRequests: true,
      noMoreRequests: false,
      sessionTimeout: 45,
      supportedCwmpVersions: "1.0,1.1,1.2,1.3,1.4",
    });
  });

  it("reads Value types from 1999/2001 xsi, odd or missing attributes, unknown types as string", () => {
    const body = bodyOf(
      envelope(
        '<cwmp:GetParameterValuesResponse><ParameterList SOAP-ENC:arrayType="cwmp:ParameterValueStruct[0099]">' +
          '<ParameterValueStruct><Name> A </Name><Value xsi99:type="xsd:boolean">true</Value></ParameterValueStruct>' +
          "<ParameterValueStruct><Name>B</Name><Value>  spaced  </Value></ParameterValueStruct>" +
          '<ParameterValueStruct><Name>C</Name><Value xsi:type="xsd:decimal">1.5</Value></ParameterValueStruct>' +
          '<ParameterValueStruct><Name>D</Name><Value xsi:type="unsignedint">7</Value></ParameterValueStruct>' +
          '<ParameterValueStruct><Name>E</Name><Value xsi:type="xsd:base64Binary">QQ==</Value></ParameterValueStruct>' +
          "<ParameterValueStruct><Name>F</Name><Value><![CDATA[<b>&</b>]]></Value></ParameterValueStruct>" +
          "</ParameterList></cwmp:GetParameterValuesResponse>",
        {
          extraNs:
            ' xmlns:xsi99="http://www.w3.org/1999/XMLSchema-instance" xmlns:SOAP-ENC="http://schemas.xmlsoap.org/soap/encoding/"',
        },
      ),
    );
    expect(body).toStrictEqual({
      name: "GetParameterValuesResponse",
      parameterList: [
        { name: "A", value: "true", type: "boolean" },
        { name: "B", value: "  spaced  ", type: "string" },
        { name: "C", value: "1.5", type: "string" },
        { name: "D", value: "7", type: "unsignedInt" },
        { name: "E", value: "QQ==", type: "base64" },
        { name: "F", value: "<b>&</b>", type: "string" },
      ],
    });
  });

  it("reads booleans 1/0/true/false in any case and numbers with whitespace", () => {
    const gpn = (v: string): CwmpMessage =>
      bodyOf(
        envelope(
          `<cwmp:GetParameterNames><ParameterPath>X.</ParameterPath><NextLevel>${v}</NextLevel></cwmp:GetParameterNames>`,
        ),
      );
    for (const t of ["1", "true", "TRUE", " True "]) expect(gpn(t)).toMatchObject({ nextLevel: true });
    for (const f of ["0", "false", "False", ""]) expect(gpn(f)).toMatchObject({ nextLevel: false });
    expect(
      bodyOf(
        envelope(
          "<cwmp:AddObjectResponse><InstanceNumber>\n 12 \n</InstanceNumber><Status> 0</Status></cwmp:AddObjectResponse>",
        ),
      ),
    ).toStrictEqual({ name: "AddObjectResponse", instanceNumber: 12, status: 0 });
  });

  it("gives missing optional elements their defaults", () => {
    expect(bodyOf(envelope("<cwmp:Inform/>"))).toStrictEqual({
      name: "Inform",
      deviceId: { manufacturer: "", oui: "", productClass: "", serialNumber: "" },
      events: [],
      maxEnvelopes: 0,
      currentTime: "",
      retryCount: 0,
      parameterList: [],
    });
    expect(
      bodyOf(envelope("<cwmp:TransferComplete><CommandKey>k</CommandKey></cwmp:TransferComplete>")),
    ).toStrictEqual({
      name: "TransferComplete",
      commandKey: "k",
      faultStruct: { faultCode: 0, faultString: "" },
      startTime: "",
      completeTime: "",
    });
  });

  it("finds the cwmp:Fault anywhere under the SOAP Fault, with a SetParameterValuesFault list", () => {
    const fault = bodyOf(
      envelope(
        "<SOAP-ENV:Fault><faultcode>SOAP-ENV:Client</faultcode><faultstring>CWMP fault</faultstring>" +
          "<SOAP-ENV:detail><wrapper><cwmp:Fault><FaultCode> 9003 </FaultCode><FaultString>Invalid arguments</FaultString>" +
          "<SetParameterValuesFault><ParameterName>Device.A</ParameterName><FaultCode>9007</FaultCode><FaultString>bad</FaultString></SetParameterValuesFault>" +
          "<SetParameterValuesFault><ParameterName>Device.B</ParameterName><FaultCode>9008</FaultCode></SetParameterValuesFault>" +
          "</cwmp:Fault></wrapper></SOAP-ENV:detail></SOAP-ENV:Fault>",
      ),
    );
    expect(fault).toStrictEqual({
      name: "Fault",
      faultcode: "Client",
      faultstring: "CWMP fault",
      faultCode: 9003,
      faultString: "Invalid arguments",
      setParameterValuesFault: [
        { parameterName: "Device.A", faultCode: 9007, faultString: "bad" },
        { parameterName: "Device.B", faultCode: 9008, faultString: "" },
      ],
    });
    // detail as a sibling-level element, cwmp:Fault directly under the SOAP Fault
    const direct = bodyOf(
      envelope(
        "<SOAP-ENV:Fault><faultcode>Server</faultcode><cwmp:Fault><FaultCode>9002</FaultCode></cwmp:Fault></SOAP-ENV:Fault>",
      ),
    );
    expect(direct).toMatchObject({ faultcode: "Server", faultCode: 9002, faultString: "" });
    // a SOAP Fault with no CWMP detail at all is still a Fault, with code 0
    const bare = bodyOf(
      envelope(
        "<SOAP-ENV:Fault><faultcode>Client</faultcode><faultstring>oops</faultstring></SOAP-ENV:Fault>",
      ),
    );
    expect(bare).toMatchObject({ name: "Fault", faultCode: 0, faultstring: "oops" });
  });

  it("reads the schema's DU forms: Operations with xsi:type and un-wrapped Results", () => {
    const cdu = bodyOf(
      envelope(
        '<cwmp:ChangeDUState><Operations xsi:type="cwmp:UninstallOpStruct"><UUID>u1</UUID><Version>1</Version>' +
          "<ExecutionEnvRef>ee</ExecutionEnvRef></Operations><CommandKey>c</CommandKey></cwmp:ChangeDUState>",
      ),
    );
    expect(cdu).toStrictEqual({
      name: "ChangeDUState",
      operations: [{ op: "Uninstall", uuid: "u1", version: "1", executionEnvRef: "ee" }],
      commandKey: "c",
    });
    const done = bodyOf(
      envelope(
        "<cwmp:DUStateChangeComplete><Results><UUID>u1</UUID><Resolved>true</Resolved><Fault><FaultCode>9028</FaultCode>" +
          "<FaultString>Unknown Deployment Unit</FaultString></Fault></Results>" +
          "<Results><OpResultStruct><UUID>u2</UUID><FaultStruct><FaultCode>0</FaultCode></FaultStruct></OpResultStruct></Results>" +
          "</cwmp:DUStateChangeComplete>",
      ),
    );
    expect(done).toMatchObject({
      results: [
        { uuid: "u1", resolved: true, fault: { faultCode: 9028, faultString: "Unknown Deployment Unit" } },
        { uuid: "u2", resolved: false, fault: { faultCode: 0, faultString: "" } },
      ],
      commandKey: "",
    });
  });

  it("accepts undeclared well-known prefixes and a missing Header", () => {
    const xml =
      '<soapenv:Envelope xmlns:cwmp="urn:dslforum-org:cwmp-1-1"><soapenv:Body><cwmp:SetParameterValues>' +
      '<ParameterList><ParameterValueStruct><Name>A</Name><Value xsi:type="xsd:int">5</Value></ParameterValueStruct>' +
      "</ParameterList><ParameterKey/></cwmp:SetParameterValues></soapenv:Body></soapenv:Envelope>";
    const env = parseEnvelope(xml);
    expect(env).toStrictEqual({
      cwmpNamespace: "urn:dslforum-org:cwmp-1-1",
      version: "1.1",
      header: {},
      body: {
        name: "SetParameterValues",
        parameterList: [{ name: "A", value: "5", type: "int" }],
        parameterKey: "",
      },
    });
  });

  it("falls back to declared namespaces when no element is in a cwmp namespace", () => {
    const env = parseEnvelope(
      envelope("<FactoryResetResponse/>", { ns: "urn:dslforum-org:cwmp-1-1", header: "" }),
    );
    expect(env.cwmpNamespace).toBe("urn:dslforum-org:cwmp-1-1");
    expect(env.version).toBe("1.1");
  });
});

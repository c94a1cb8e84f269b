// The shared corpus of real and spec-derived envelopes (/work/shared/cwmp-corpus, read in place).
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseEnvelope, serializeEnvelope, type CwmpMessage, type Envelope } from "./index";

const CORPUS = path.resolve(__dirname, "../../../../shared/cwmp-corpus");
const FILES = readdirSync(CORPUS)
  .filter((f) => f.endsWith(".xml"))
  .sort();

const WORDS: Record<string, string> = { rpc: "RPC", du: "DU" };

/** `get_rpc_methods_response-1.xml` -> `GetRPCMethodsResponse`. */
function expectedName(file: string): string {
  const stem = file.slice(0, file.lastIndexOf("-"));
  return stem
    .split("_")
    .map((w) => WORDS[w] ?? w.charAt(0).toUpperCase() + w.slice(1))
    .join("");
}

const load = (file: string): Envelope => parseEnvelope(readFileSync(path.join(CORPUS, file)));

function bodyOf<N extends CwmpMessage["name"]>(file: string, name: N): Extract<CwmpMessage, { name: N }> {
  const body = load(file).body;
  if (body.name !== name) throw new Error(`${file}: expected ${name}, got ${body.name}`);
  return body as Extract<CwmpMessage, { name: N }>;
}

describe("CWMP corpus", () => {
  it("holds the 76 envelopes", () => {
    expect(FILES.length).toBe(76);
  });

  it.each(FILES)("%s parses to the message its name says", (file) => {
    const env = load(file);
    expect(env.body.name).toBe(expectedName(file));
    expect(env.cwmpNamespace).toBe("urn:dslforum-org:cwmp-1-0");
    expect(env.version).toBe("1.0");
  });

  it.each(FILES)("%s round-trips through serializeEnvelope", (file) => {
    const env = load(file);
    expect(parseEnvelope(serializeEnvelope(env))).toStrictEqual(env);
  });

  it("reads inform-1.xml (ZyXEL P-2601HN-F1)", () => {
    const env = load("inform-1.xml");
    expect(env.header).toStrictEqual({ id: "100", noMoreRequests: true });
    const inform = bodyOf("inform-1.xml", "Inform");
    expect(inform.deviceId).toStrictEqual({
      manufacturer: "ZyXEL",
      oui: "EC43F6",
      productClass: "P-2601HN-F1",
      serialNumber: "EC43F69AF408",
    });
    expect(inform.events).toStrictEqual([{ eventCode: "2 PERIODIC", commandKey: "" }]);
    expect(inform.maxEnvelopes).toBe(1);
    expect(inform.retryCount).toBe(0);
    expect(inform.currentTime).toBe("2015-01-19T23:08:24");
    expect(inform.parameterList).toHaveLength(8);
    expect(inform.parameterList[3]).toStrictEqual({
      name: "InternetGatewayDevice.DeviceInfo.SoftwareVersion",
      value: "V1.00(AACB.3)",
      type: "string",
    });
    expect(inform.parameterList[4]?.value).toBe("");
  });

  it("keeps inform-cycto.xml's malformed CurrentTime as sent", () => {
    const inform = bodyOf("inform-cycto.xml", "Inform");
    expect(inform.currentTime).toBe("2019-03-05T11:54::14");
    expect(inform.retryCount).toBe(942);
    expect(inform.deviceId.serialNumber).toBe("00100400FV020010000000a859f6a238");
  });

  it("reads inform-4.xml: soap/enc prefixes, XML declaration, no Header", () => {
    const env = load("inform-4.xml");
    expect(env.header).toStrictEqual({});
    const inform = bodyOf("inform-4.xml", "Inform");
    expect(inform.deviceId.manufacturer).toBe("Motorola Mobility");
    expect(inform.currentTime).toBe("2015-09-22T05:04:58-07:00");
    expect(inform.parameterList).toHaveLength(11);
  });

  it("reads set_parameter_values-2.xml's odd xsd:type attributes by their local part", () => {
    const spv = bodyOf("set_parameter_values-2.xml", "SetParameterValues");
    expect(spv.parameterKey).toBe("foo");
    expect(spv.parameterList).toStrictEqual([
      { name: "Device.Test", value: "Foo", type: "string" },
      { name: "Device.Test.Whatever", value: "1", type: "int" },
    ]);
    // set_parameter_values-1.xml has no ParameterKey at all: defaults to "".
    expect(bodyOf("set_parameter_values-1.xml", "SetParameterValues").parameterKey).toBe("");
  });

  it("reads downloads, including missing optional fields and a non-numeric FileSize", () => {
    expect(bodyOf("download-1.xml", "Download")).toStrictEqual({
      name: "Download",
      commandKey: "cmdkey",
      fileType: "1 Firmware Upgrade Image",
      url: "http://example.com/url",
      username: "user",
      password: "pass",
      fileSize: 123456,
      targetFileName: "image",
      delaySeconds: 5,
      successUrl: "http://example.com/success",
      failureUrl: "http://example.com/failure",
    });
    expect(bodyOf("download-2.xml", "Download").fileSize).toBe(0);
    const sparse = bodyOf("download-3.xml", "Download");
    expect([sparse.username, sparse.targetFileName, sparse.delaySeconds, sparse.fileSize]).toStrictEqual([
      "",
      "",
      0,
      123456,
    ]);
    expect(bodyOf("download_response-4.xml", "DownloadResponse").startTime).toBe("foo");
  });

  it("reads fault-1.xml", () => {
    expect(bodyOf("fault-1.xml", "Fault")).toStrictEqual({
      name: "Fault",
      faultcode: "Client",
      faultstring: "CWMP fault",
      faultCode: 9005,
      faultString: "Invalid parameter name",
      setParameterValuesFault: [],
    });
  });

  it("reads arrays with zero-padded or wrong counts by their children", () => {
    expect(
      bodyOf("get_parameter_values_response-1.xml", "GetParameterValuesResponse").parameterList,
    ).toStrictEqual([
      { name: "Device.IP.Interface.3.IPv4AddressNumberOfEntries", value: "1", type: "unsignedInt" },
      { name: "Device.IP.Interface.3.IPv6AddressNumberOfEntries", value: "1", type: "unsignedInt" },
    ]);
    const all = bodyOf("get_all_queued_transfers_response-1.xml", "GetAllQueuedTransfersResponse");
    expect(all.transferList[1]).toStrictEqual({
      commandKey: "cmdkey2",
      state: 3,
      isDownload: false,
      fileType: "3 Vendor Configuration File",
      fileSize: 1234,
      targetFileName: "",
    });
    expect(bodyOf("get_rpc_methods_response-1.xml", "GetRPCMethodsResponse").methodList).toHaveLength(14);
  });

  it("reads ChangeDUState with nested operation structs and DU results with a wrapped FaultStruct", () => {
    const cdu = bodyOf("change_du_state-3.xml", "ChangeDUState");
    expect(cdu.operations.map((o) => o.op)).toStrictEqual(["Install", "Update", "Uninstall"]);
    expect(cdu.operations[1]).toStrictEqual({
      op: "Update",
      uuid: "some-uuid",
      version: "v2.0",
      url: "http://example.com/url",
      username: "user",
      password: "pass",
    });
    const done = bodyOf("autonomous_du_state_change_complete-1.xml", "AutonomousDUStateChangeComplete");
    expect(done.results[0]).toMatchObject({
      resolved: true,
      operationPerformed: "Install",
      fault: { faultCode: 0 },
    });
  });

  it("reads schedule downloads, options, vouchers, kicked and request download", () => {
    const sd = bodyOf("schedule_download-1.xml", "ScheduleDownload");
    expect(sd.timeWindowList).toStrictEqual([
      {
        windowStart: 5,
        windowEnd: 45,
        windowMode: "1 At Any Time",
        userMessage: "A message",
        maxRetries: -1,
      },
    ]);
    const opts = bodyOf("get_options_response-1.xml", "GetOptionsResponse");
    expect(opts.optionList[0]).toMatchObject({
      optionName: "First Option",
      voucherSN: "12345678",
      isTransferable: true,
    });
    const vouchers = bodyOf("set_vouchers-1.xml", "SetVouchers").voucherList;
    expect(vouchers).toHaveLength(1);
    expect(Buffer.from(vouchers[0] ?? "", "base64").toString("utf8")).toContain("<Signature");
    expect(bodyOf("kicked-1.xml", "Kicked").next).toBe("http://example.com/next");
    expect(bodyOf("request_download-1.xml", "RequestDownload").fileTypeArg).toStrictEqual([
      { name: "Version", value: "v2.0" },
    ]);
  });
});

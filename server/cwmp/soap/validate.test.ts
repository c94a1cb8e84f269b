import { describe, expect, it } from "vitest";
import { canonicalEventCode } from "./event-codes";
import { parseEnvelope, serializeEnvelope } from "./envelope";
import { SoapError } from "./soap-error";
import type { CwmpMessage, InformRequest } from "./types";
import { parseCpeEnvelope } from "./validate";

const inform = (deviceId: Partial<InformRequest["deviceId"]>, events = ["1 BOOT"]): InformRequest => ({
  name: "Inform",
  deviceId: { manufacturer: "Acme", oui: "00D09E", productClass: "STB", serialNumber: "S1", ...deviceId },
  events: events.map((eventCode) => ({ eventCode, commandKey: "" })),
  maxEnvelopes: 1,
  currentTime: "2026-01-01T00:00:00Z",
  retryCount: 0,
  parameterList: [],
});

const wire = (body: CwmpMessage, ns = "urn:dslforum-org:cwmp-1-0"): string =>
  serializeEnvelope({ cwmpNamespace: ns, version: "1.0", header: { id: "9" }, body });

function soapError(run: () => unknown): SoapError {
  try {
    run();
  } catch (error) {
    if (error instanceof SoapError) return error;
    throw error;
  }
  throw new Error("expected a SoapError");
}

describe("CPE-side envelope checks", () => {
  it("refuses messages only the ACS sends with fault 8000", () => {
    for (const body of [
      { name: "InformResponse", maxEnvelopes: 1 },
      { name: "GetParameterValues", parameterNames: ["Device."] },
      { name: "TransferCompleteResponse" },
      { name: "Reboot", commandKey: "" },
    ] as CwmpMessage[]) {
      const error = soapError(() => parseCpeEnvelope(wire(body)));
      expect(error.faultCode, body.name).toBe(8000);
      expect(error.reason).toBe("wrong-direction");
    }
  });

  it("accepts what a CPE sends: its requests, responses (GetRPCMethods both ways) and faults", () => {
    for (const body of [
      inform({}),
      { name: "GetRPCMethods" },
      { name: "GetRPCMethodsResponse", methodList: [] },
      { name: "RebootResponse" },
      {
        name: "TransferComplete",
        commandKey: "",
        faultStruct: { faultCode: 0, faultString: "" },
        startTime: "",
        completeTime: "",
      },
    ] as CwmpMessage[]) {
      expect(parseCpeEnvelope(wire(body)).body.name).toBe(body.name);
    }
  });

  it("refuses an Inform without a usable identity with fault 8003", () => {
    const cases: [Partial<InformRequest["deviceId"]>, RegExp][] = [
      [{ manufacturer: "", oui: "", productClass: "", serialNumber: "" }, /without DeviceId/],
      [{ oui: "" }, /OUI is empty/],
      [{ serialNumber: "" }, /SerialNumber is empty/],
      [{ oui: "00D09E1" }, /oui is longer than 6/],
      [{ productClass: "P".repeat(65) }, /productClass is longer than 64/],
      [{ serialNumber: "S".repeat(65) }, /serialNumber is longer than 64/],
      [{ manufacturer: "M".repeat(65) }, /manufacturer is longer than 64/],
    ];
    for (const [id, message] of cases) {
      const error = soapError(() => parseCpeEnvelope(wire(inform(id))));
      expect(error.faultCode).toBe(8003);
      expect(error.message).toMatch(message);
    }
    // At the limits exactly, and with an empty product class (optional in practice), it is fine.
    const ok = inform({ productClass: "", serialNumber: "S".repeat(64), manufacturer: "é".repeat(64) });
    expect(parseCpeEnvelope(wire(ok)).body).toEqual(ok);
    // Characters, not UTF-16 units: 64 astral characters (128 units) fit, 65 do not.
    const astral = inform({ manufacturer: "\u{1F4FA}".repeat(64) });
    expect(parseCpeEnvelope(wire(astral)).body).toEqual(astral);
    const tooLong = soapError(() => parseCpeEnvelope(wire(inform({ manufacturer: "\u{1F4FA}".repeat(65) }))));
    expect(tooLong.message).toMatch(/manufacturer is longer than 64/);
  });

  it("answers an unknown CWMP namespace with fault 8006, and accepts 1-0 .. 1-4", () => {
    for (const ns of ["urn:dslforum-org:cwmp-1-5", "urn:dslforum-org:cwmp-2-0", "urn:example:cwmp"]) {
      const error = soapError(() => parseEnvelope(wire({ name: "RebootResponse" }, ns)));
      expect(error.faultCode, ns).toBe(8006);
    }
    for (const minor of [0, 1, 2, 3, 4]) {
      const ns = `urn:dslforum-org:cwmp-1-${minor}`;
      expect(parseEnvelope(wire({ name: "RebootResponse" }, ns)).cwmpNamespace).toBe(ns);
    }
  });
});

describe("event codes", () => {
  it("canonicalises known codes whatever their case and spacing, keeps vendor codes", () => {
    expect(canonicalEventCode("1 Boot")).toBe("1 BOOT");
    expect(canonicalEventCode(" 0  bootstrap ")).toBe("0 BOOTSTRAP");
    expect(canonicalEventCode("m reboot")).toBe("M Reboot");
    expect(canonicalEventCode("M DOWNLOAD")).toBe("M Download");
    expect(canonicalEventCode("7 transfer complete")).toBe("7 TRANSFER COMPLETE");
    expect(canonicalEventCode("X 00D09E Custom")).toBe("X 00D09E Custom");
  });

  it("are canonical in a parsed Inform", () => {
    const parsed = parseCpeEnvelope(wire(inform({}, ["1 Boot", "m reboot", "4 value change"])));
    if (parsed.body.name !== "Inform") throw new Error("expected Inform");
    expect(parsed.body.events.map((e) => e.eventCode)).toEqual(["1 BOOT", "M Reboot", "4 VALUE CHANGE"]);
  });
});

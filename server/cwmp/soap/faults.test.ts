import { describe, expect, it } from "vitest";
import { cwmpFault, FAULT_STRINGS, soapFaultCode } from "./index";

describe("fault table", () => {
  it("covers ACS faults 8000-8006 and CPE faults 9000-9032, and nothing in between", () => {
    const codes = Object.keys(FAULT_STRINGS).map(Number);
    const expected = [
      ...Array.from({ length: 7 }, (_, i) => 8000 + i),
      ...Array.from({ length: 33 }, (_, i) => 9000 + i),
    ];
    expect(codes.sort()).toStrictEqual(expected);
    expect(FAULT_STRINGS[9005]).toBe("Invalid parameter name");
    expect(FAULT_STRINGS[8006]).toBe("ACS version incompatible with CPE");
  });

  it("marks internal errors as Server and request errors as Client", () => {
    expect(soapFaultCode(8002)).toBe("Server");
    expect(soapFaultCode(9002)).toBe("Server");
    for (const c of [8000, 8001, 8003, 8004, 8005, 8006, 9001, 9003, 9005, 9006, 9007, 9008, 9009]) {
      expect(soapFaultCode(c), String(c)).toBe("Client");
    }
  });

  it("builds fault messages with the standard string unless told otherwise", () => {
    expect(cwmpFault(8000)).toStrictEqual({
      name: "Fault",
      faultcode: "Client",
      faultstring: "CWMP fault",
      faultCode: 8000,
      faultString: "Method not supported",
      setParameterValuesFault: [],
    });
    const spv = [{ parameterName: "Device.A", faultCode: 9007, faultString: "Invalid parameter value" }];
    expect(cwmpFault(9003, "bad set", spv)).toMatchObject({
      faultString: "bad set",
      setParameterValuesFault: spv,
    });
    expect(cwmpFault(9850).faultString).toBe("Vendor fault");
  });
});

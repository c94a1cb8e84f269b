import { describe, expect, it } from "vitest";
import { checkAnswer, requestedNames } from "./answer-check";
import { InvalidAnswer } from "./invalid-answer";

const add = { name: "AddObject", objectName: "Device.NAT.PortMapping.", parameterKey: "" } as const;

describe("requestedNames", () => {
  it("treats paths ending in '.' (and '') as partial paths, others as exact names", () => {
    const asked = requestedNames(["Device.DeviceInfo.", "Device.ManagementServer.URL"]);
    expect(asked("Device.DeviceInfo.ModelName")).toBe(true);
    expect(asked("Device.DeviceInfo.")).toBe(true);
    expect(asked("Device.DeviceInfoX.ModelName")).toBe(false);
    expect(asked("Device.ManagementServer.URL")).toBe(true);
    expect(asked("Device.ManagementServer.URLX")).toBe(false);
    expect(requestedNames([""])("Anything.At.All")).toBe(true);
  });
});

describe("checkAnswer", () => {
  it("refuses AddObject Status other than 0/1 and InstanceNumber below 1", () => {
    expect(() =>
      checkAnswer(add, { name: "AddObjectResponse", status: 9005, instanceNumber: 2 }, 10),
    ).toThrow(new InvalidAnswer("AddObject Status 9005"));
    expect(() => checkAnswer(add, { name: "AddObjectResponse", status: 0, instanceNumber: 0 }, 10)).toThrow(
      "invalid response: AddObject InstanceNumber 0",
    );
    expect(() =>
      checkAnswer(add, { name: "AddObjectResponse", status: 1, instanceNumber: 3 }, 10),
    ).not.toThrow();
  });

  it("refuses DeleteObject and SetParameterValues statuses other than 0/1", () => {
    const del = { name: "DeleteObject", objectName: "Device.X.1.", parameterKey: "" } as const;
    expect(() => checkAnswer(del, { name: "DeleteObjectResponse", status: 2 }, 10)).toThrow(InvalidAnswer);
    const spv = { name: "SetParameterValues" as const, parameterList: [], parameterKey: "" };
    expect(() => checkAnswer(spv, { name: "SetParameterValuesResponse", status: 1 }, 10)).not.toThrow();
  });

  it("refuses a GetParameterNames answer over the maximum, naming both counts", () => {
    const gpn = { name: "GetParameterNames", parameterPath: "Device.", nextLevel: false } as const;
    const list = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ name: `Device.P${i}`, writable: false }));
    expect(() =>
      checkAnswer(gpn, { name: "GetParameterNamesResponse", parameterList: list(11) }, 10),
    ).toThrow("invalid response: GetParameterNames answer has 11 names; the maximum is 10");
    expect(() =>
      checkAnswer(gpn, { name: "GetParameterNamesResponse", parameterList: list(10) }, 10),
    ).not.toThrow();
  });
});

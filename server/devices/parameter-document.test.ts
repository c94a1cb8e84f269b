import { describe, expect, it } from "vitest";
import { normaliseValue, toDocument } from "./parameter-document";

describe("normaliseValue", () => {
  it("stores booleans as true/false whatever the CPE spelt", () => {
    for (const v of ["1", "true", "TRUE", " True "]) expect(normaliseValue(v, "boolean")).toBe("true");
    for (const v of ["0", "false", "FALSE", " 0\n"]) expect(normaliseValue(v, "boolean")).toBe("false");
    expect(normaliseValue("yes", "boolean")).toBe("yes");
    expect(normaliseValue("1", "string")).toBe("1");
  });

  it("trims integers in range and writes them canonically", () => {
    expect(normaliseValue(" 300 ", "unsignedInt")).toBe("300");
    expect(normaliseValue("0042", "int")).toBe("42");
    expect(normaliseValue("+7", "long")).toBe("7");
    expect(normaliseValue("-1", "int")).toBe("-1");
    expect(normaliseValue("4294967295", "unsignedInt")).toBe("4294967295");
    expect(normaliseValue("18446744073709551615", "unsignedLong")).toBe("18446744073709551615");
  });

  it("keeps a value out of range or not a number exactly as sent", () => {
    expect(normaliseValue("4294967296", "unsignedInt")).toBe("4294967296");
    expect(normaliseValue("-1", "unsignedInt")).toBe("-1");
    expect(normaliseValue("2147483648", "int")).toBe("2147483648");
    expect(normaliseValue(" 1.5", "int")).toBe(" 1.5");
    expect(normaliseValue("", "unsignedInt")).toBe("");
    expect(normaliseValue("9".repeat(5000), "long")).toBe("9".repeat(5000));
  });
});

describe("toDocument", () => {
  it("normalises values by type and never stores an object path as a value", () => {
    const doc = toDocument(
      [
        { name: "Device.WiFi.Radio.1.Enable", value: "1", type: "boolean" },
        { name: "Device.WiFi.Radio.1.", value: "", type: "string" },
        { name: "Device.WiFi.Radio.1.Channel", value: " 6", type: "unsignedInt" },
      ],
      5,
    );
    expect(doc).toEqual({
      "Device.WiFi.Radio.1.Enable": { v: "true", t: "boolean", ts: 5 },
      "Device.WiFi.Radio.1.Channel": { v: "6", t: "unsignedInt", ts: 5 },
    });
  });
});

describe("toDocument and secrets", () => {
  it("keeps a secret reported in an Inform as present, with its type, but never its value", () => {
    const doc = toDocument(
      [
        {
          name: "Device.WiFi.AccessPoint.1.Security.KeyPassphrase",
          value: "inform-wifi-key",
          type: "string",
        },
        { name: "Device.ManagementServer.ConnectionRequestPassword", value: "cr-secret", type: "string" },
        { name: "Device.WiFi.SSID.1.SSID", value: "home", type: "string" },
      ],
      9,
    );
    expect(doc).toEqual({
      "Device.WiFi.AccessPoint.1.Security.KeyPassphrase": { t: "string", ts: 9 },
      "Device.ManagementServer.ConnectionRequestPassword": { t: "string", ts: 9 },
      "Device.WiFi.SSID.1.SSID": { v: "home", t: "string", ts: 9 },
    });
  });
});

import { describe, expect, it } from "vitest";
import { certificateMatchesDevice, describeSubject } from "./client-certificate";

const device = { oui: "00D09E", productClass: "IPTV-STB", serialNumber: "SN-1" };

describe("client certificate binding", () => {
  it("accepts the TR-069 CN forms and the subject serialNumber attribute", () => {
    expect(certificateMatchesDevice({ CN: "00D09E-SN-1" }, device)).toBe(true);
    expect(certificateMatchesDevice({ CN: "00D09E-IPTV-STB-SN-1" }, device)).toBe(true);
    expect(certificateMatchesDevice({ CN: "some-name", serialNumber: "SN-1" }, device)).toBe(true);
  });

  it("refuses another device's certificate, a partial name, or an ambiguous subject", () => {
    expect(certificateMatchesDevice({ CN: "00D09E-SN-2" }, device)).toBe(false);
    expect(certificateMatchesDevice({ CN: "00D09E-IPTV-STB-SN-2", serialNumber: "SN-2" }, device)).toBe(
      false,
    );
    expect(certificateMatchesDevice({ CN: "SN-1" }, device)).toBe(false);
    expect(certificateMatchesDevice({ CN: "00D09F-SN-1" }, device)).toBe(false);
    expect(certificateMatchesDevice({ CN: "00D09E-SN-1x" }, device)).toBe(false);
    // Two CNs: which one was meant cannot be told, so neither counts.
    expect(certificateMatchesDevice({ CN: ["00D09E-SN-1", "00D09E-SN-2"] }, device)).toBe(false);
    expect(certificateMatchesDevice({ serialNumber: ["SN-1", "SN-2"] }, device)).toBe(false);
    expect(certificateMatchesDevice({}, device)).toBe(false);
    expect(certificateMatchesDevice(undefined, device)).toBe(false);
    // An empty serial matches nothing, not an empty attribute.
    expect(certificateMatchesDevice({ serialNumber: "" }, { ...device, serialNumber: "" })).toBe(false);
  });

  it("without a ProductClass, only the <OUI>-<SerialNumber> name applies", () => {
    const bare = { ...device, productClass: "" };
    expect(certificateMatchesDevice({ CN: "00D09E-SN-1" }, bare)).toBe(true);
    expect(certificateMatchesDevice({ CN: "00D09E--SN-1" }, bare)).toBe(false);
  });

  it("describes a subject for the log", () => {
    expect(describeSubject({ CN: "00D09E-SN-1", O: "Acme" })).toBe("CN=00D09E-SN-1, O=Acme");
    expect(describeSubject({ CN: ["a", "b"] })).toBe("CN=a+b");
    expect(describeSubject(undefined)).toBe("(no certificate)");
    expect(describeSubject({})).toBe("(empty subject)");
  });
});

import { describe, expect, it } from "vitest";
import { faultCodeLabel, modelLabel, plural, windowFromParam } from "./labels";

describe("faults page labels", () => {
  it("reads the window from the URL, defaulting to 7 days", () => {
    expect(windowFromParam("1")).toBe(1);
    expect(windowFromParam(["30", "1"])).toBe(30);
    expect(windowFromParam("3")).toBe(7);
    expect(windowFromParam(undefined)).toBe(7);
    expect(windowFromParam("abc")).toBe(7);
  });

  it("names fault codes", () => {
    expect(faultCodeLabel(9005)).toBe("Invalid parameter name");
    expect(faultCodeLabel(0)).toBe("No CPE fault code");
    expect(faultCodeLabel(9850)).toBe("Vendor fault");
    expect(faultCodeLabel(8003)).toBe("Fault");
  });

  it("names a model once, even when the model name repeats the product class", () => {
    expect(modelLabel({ manufacturer: "Acme", productClass: "STB-1", modelName: "Box One" })).toBe(
      "Acme STB-1 (Box One)",
    );
    expect(modelLabel({ manufacturer: "Acme", productClass: "STB-1", modelName: "STB-1" })).toBe(
      "Acme STB-1",
    );
    expect(modelLabel({ manufacturer: "", productClass: "", modelName: "" })).toBe("Unknown model");
  });

  it("counts in words", () => {
    expect(plural(1, "device")).toBe("1 device");
    expect(plural(1200, "device")).toBe("1,200 devices");
  });
});

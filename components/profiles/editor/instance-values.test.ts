import { describe, expect, it } from "vitest";
import { formatInstanceValues, parseInstanceValues } from "./instance-values";

describe("instance values text", () => {
  it("reads name=value lines, keeping '=' inside values and skipping unfinished lines", () => {
    expect(parseInstanceValues("ExternalPort=80\nDescription = a=b \nHalf\n=x\n")).toEqual({
      ExternalPort: "80",
      Description: "a=b",
    });
  });

  it("round-trips what it formats", () => {
    const values = { ExternalPort: "8080", "HTTP.URL": "http://acs.invalid/x?a=1" };
    expect(parseInstanceValues(formatInstanceValues(values))).toEqual(values);
  });
});

import { describe, expect, it } from "vitest";
import { addColumnForm, tagParamFilterForm } from "@/lib/devices/filter-forms";

const filter = (v: Partial<{ tag: string; path: string; op: string; value: string }>) =>
  tagParamFilterForm.safeParse({ tag: "", path: "", op: "eq", value: "", ...v });

describe("addColumnForm", () => {
  it("takes a parameter path, trimmed", () => {
    expect(addColumnForm.parse({ path: " Device.DeviceInfo.UpTime " })).toEqual({
      path: "Device.DeviceInfo.UpTime",
    });
  });

  it("refuses object paths, attribute names and junk with the hint", () => {
    for (const path of ["Device.DeviceInfo.", "serialNumber", "", "Device..X", "a b.c"]) {
      const result = addColumnForm.safeParse({ path });
      expect(result.success, path).toBe(false);
      expect(result.error?.issues[0]?.message).toMatch(/parameter path looks like/);
    }
  });
});

describe("tagParamFilterForm", () => {
  it("accepts no filter at all, a tag alone, or a path with an operator", () => {
    expect(filter({}).success).toBe(true);
    expect(filter({ tag: " vip " }).data?.tag).toBe("vip");
    expect(filter({ path: "Device.X.PacketsLost", op: "gt", value: "0" }).success).toBe(true);
    expect(filter({ path: "Device.X.PacketsLost", op: "exists", value: undefined }).success).toBe(true);
  });

  it("refuses a trailing dot and a value or operator without a path, on the path field", () => {
    const dotted = filter({ path: "Device.Services." });
    expect(dotted.error?.issues[0]?.path).toEqual(["path"]);
    expect(dotted.error?.issues[0]?.message).toMatch(/parameter path looks like/);
    expect(filter({ value: "x" }).error?.issues[0]?.message).toBe(
      "Enter the parameter path the value belongs to.",
    );
    expect(filter({ op: "gt" }).success).toBe(false);
    expect(filter({ op: "between" }).success).toBe(false);
  });

  it("bounds the lengths as the search schema does", () => {
    expect(filter({ tag: "t".repeat(65) }).success).toBe(false);
    expect(filter({ path: "Device.X", value: "v".repeat(1025) }).success).toBe(false);
  });
});

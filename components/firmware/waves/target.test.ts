import { describe, expect, it } from "vitest";
import { describeFilter, filterFromQuery, targetFilter, type SavedSearchOption } from "./target";

const saved: SavedSearchOption[] = [
  {
    id: 4,
    name: "Old DNGs",
    query: {
      productClass: "DNG-200",
      softwareVersion: "1.0.0",
      sort: "lastInform",
      dir: "desc",
      pageSize: 50,
    },
  },
];

describe("the wave's target", () => {
  it("takes the device list's filters from its query string, not its order or page", () => {
    expect(filterFromQuery("productClass=DNG-200&status=online&sort=serialNumber&page=3&size=20")).toEqual({
      productClass: "DNG-200",
      online: true,
    });
  });

  it("leaves out what does not validate in a hand-edited link", () => {
    expect(filterFromQuery("kind=TOASTER&tag=lab")).toEqual({ tag: "lab" });
  });

  it("uses the chosen saved search's filters, or none while none is chosen", () => {
    expect(targetFilter("saved", "4", saved, "tag=x")).toEqual({
      productClass: "DNG-200",
      softwareVersion: "1.0.0",
    });
    expect(targetFilter("saved", "", saved, "tag=x")).toBeNull();
    expect(targetFilter("saved", "99", saved, "")).toBeNull();
    expect(targetFilter("search", "4", saved, "tag=x")).toEqual({ tag: "x" });
  });

  it("says the filter in words", () => {
    expect(describeFilter({})).toEqual(["every device"]);
    expect(
      describeFilter({
        productClass: "DNG-200",
        online: false,
        param: { path: "Device.X", op: "exists", value: "" },
      }),
    ).toEqual(["product class: DNG-200", "offline now", "Device.X exists"]);
  });
});

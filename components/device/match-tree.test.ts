import { describe, expect, it } from "vitest";
import { buildMatchTree, moveIndex } from "./match-tree";

const paths = (nodes: ReturnType<typeof buildMatchTree>): unknown =>
  nodes.map((n) => (n.children.length ? { [n.path]: paths(n.children) } : n.path));

describe("buildMatchTree", () => {
  it("places each match under its ancestors, shared ancestors once, in the order given", () => {
    const tree = buildMatchTree([
      { path: "Device.DeviceInfo.UpTime" },
      { path: "Device.Hosts.Host.1." },
      { path: "Device.Hosts.Host.1.IPAddress" },
      { path: "Device.Hosts.Host.2.IPAddress" },
    ]);
    expect(paths(tree)).toEqual([
      {
        "Device.": [
          { "Device.DeviceInfo.": ["Device.DeviceInfo.UpTime"] },
          {
            "Device.Hosts.": [
              {
                "Device.Hosts.Host.": [
                  { "Device.Hosts.Host.1.": ["Device.Hosts.Host.1.IPAddress"] },
                  { "Device.Hosts.Host.2.": ["Device.Hosts.Host.2.IPAddress"] },
                ],
              },
            ],
          },
        ],
      },
    ]);
  });

  it("marks which nodes matched and which are only ancestors", () => {
    const [root] = buildMatchTree([{ path: "Device.Hosts.Host.1." }, { path: "Device.Hosts.Host.1.Active" }]);
    const host = root!.children[0]!.children[0]!;
    expect(root!.match).toBeNull();
    const instance = host.children[0]!;
    expect(instance).toMatchObject({ path: "Device.Hosts.Host.1.", name: "1", object: true });
    expect(instance.match).toEqual({ path: "Device.Hosts.Host.1." });
    expect(instance.children[0]).toMatchObject({ name: "Active", object: false });
  });
});

describe("moveIndex", () => {
  it("moves down and up within bounds, Home and End to the ends; other keys do nothing", () => {
    expect(moveIndex("ArrowDown", 0, 3)).toBe(1);
    expect(moveIndex("ArrowDown", 2, 3)).toBe(2);
    expect(moveIndex("ArrowUp", 0, 3)).toBe(0);
    expect(moveIndex("ArrowUp", 2, 3)).toBe(1);
    expect(moveIndex("Home", 2, 3)).toBe(0);
    expect(moveIndex("End", 0, 3)).toBe(2);
    expect(moveIndex("a", 0, 3)).toBeNull();
    expect(moveIndex("ArrowDown", 0, 0)).toBeNull();
  });
});

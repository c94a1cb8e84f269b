import { describe, expect, it } from "vitest";
import { profileDefinitionSchema } from "@/lib/profiles/definition";
import { diffDefinitions } from "./definition-diff";

const def = (input: unknown) => profileDefinitionSchema.parse(input);
const INTERVAL = "Device.ManagementServer.PeriodicInformInterval";
const ENABLE = "Device.ManagementServer.PeriodicInformEnable";

describe("diffDefinitions", () => {
  it("lists added, removed and changed rows between two versions", () => {
    const v1 = def({
      triggers: ["boot"],
      parameters: [
        { path: INTERVAL, value: "600" },
        { path: ENABLE, value: "true" },
      ],
    });
    const v2 = def({
      triggers: ["boot", "periodic"],
      precondition: { kinds: ["STB"] },
      parameters: [{ path: INTERVAL, value: "300" }],
      attributes: [{ path: ENABLE, notification: "active" }],
    });
    expect(diffDefinitions(v1, v2)).toEqual([
      { change: "changed", what: "triggers", before: "boot", after: "boot, periodic" },
      { change: "added", what: "applies to: kinds", after: "STB" },
      { change: "changed", what: `parameter ${INTERVAL}`, before: "600", after: "300" },
      { change: "added", what: `notification ${ENABLE}`, after: "active" },
      { change: "removed", what: `parameter ${ENABLE}`, before: "true" },
    ]);
  });

  it("shows everything as added for the first version and nothing for an unchanged one", () => {
    const v1 = def({ triggers: ["boot"], parameters: [{ path: INTERVAL, value: "600" }] });
    expect(diffDefinitions(null, v1).map((d) => d.change)).toEqual(["added", "added"]);
    expect(diffDefinitions(v1, v1)).toEqual([]);
  });
});

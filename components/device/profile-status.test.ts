import { describe, expect, it } from "vitest";
import { profileDefinitionSchema } from "@/lib/profiles/definition";
import {
  desiredValue,
  ownersByPath,
  profilesLabel,
  statusText,
  versionText,
  waitingText,
  type DeviceProfileView,
} from "./profile-status";

const state = (over: Partial<NonNullable<DeviceProfileView["state"]>> = {}) => ({
  status: "converged" as const,
  step: null,
  version: 1,
  evaluatedAt: new Date("2026-01-01T00:00:00Z"),
  convergedAt: null,
  failures: 0,
  drifts: 0,
  nextAttemptAt: null,
  lastError: null,
  ownedPaths: [],
  ...over,
});

function row(id: number, name: string, s: DeviceProfileView["state"], version = 1): DeviceProfileView {
  return { profileId: id, name, priority: 10, version, triggers: ["boot"], state: s, overridden: [] };
}

const device = {
  rootObject: "Device",
  serialNumber: "SN123",
  oui: "00D09E",
  productClass: "STB",
  subscriberId: null,
};

describe("device profiles in words", () => {
  it("counts failed profiles in the tab label", () => {
    expect(profilesLabel(undefined)).toBe("Profiles");
    expect(profilesLabel([row(1, "a", state()), row(2, "b", null)])).toBe("Profiles");
    expect(
      profilesLabel([row(1, "a", state({ status: "failed" })), row(2, "b", state({ status: "drifted" }))]),
    ).toBe("Profiles (1 failed)");
  });

  it("names the step of a pending attempt and the triggers a profile without state waits for", () => {
    expect(statusText(row(1, "a", state({ status: "pending", step: "verify" })))).toBe("pending: verify");
    expect(statusText(row(1, "a", state({ status: "pending" })))).toBe("pending");
    expect(statusText(row(1, "a", state({ status: "drifted", step: "set" })))).toBe("drifted");
    expect(waitingText(["boot", "periodic", "on_demand"])).toBe(
      "waits for its trigger: boot, periodic, apply now",
    );
  });

  it("shows the applied version against the current one only when they differ", () => {
    expect(versionText(row(1, "a", state({ version: 3 }), 3))).toBe("v3");
    expect(versionText(row(1, "a", state({ version: 1 }), 3))).toBe("v1 of v3");
    expect(versionText(row(1, "a", null, 2))).toBe("v2");
  });

  it("maps each owned path to its profile, the first (higher priority) row winning", () => {
    const owners = ownersByPath([
      row(1, "Wi-Fi", state({ ownedPaths: ["Device.X.A", "Device.X.B"] })),
      row(2, "Other", state({ ownedPaths: ["Device.X.B", "Device.Y"] })),
      row(3, "New", null),
    ]);
    expect(owners.get("Device.X.A")).toEqual({ profileId: 1, name: "Wi-Fi" });
    expect(owners.get("Device.X.B")).toEqual({ profileId: 1, name: "Wi-Fi" });
    expect(owners.get("Device.Y")).toEqual({ profileId: 2, name: "Other" });
    expect(owners.has("Device.Z")).toBe(false);
  });

  it("resolves the desired value's references and never reveals a secret", () => {
    const def = profileDefinitionSchema.parse({
      triggers: ["boot"],
      parameters: [
        { path: "Device.A", value: "acs-${serial}-${oui}" },
        { path: "Device.B", value: "${secret:wifi}" },
        { path: "Device.C", value: "${subscriberId}" },
        { path: "Device.D", value: "plain" },
      ],
    });
    expect(desiredValue(def, "Device.A", device)).toEqual({ kind: "value", value: "acs-SN123-00D09E" });
    expect(desiredValue(def, "Device.B", device)).toEqual({ kind: "secret" });
    expect(desiredValue(def, "Device.C", device)).toEqual({ kind: "unknown" });
    expect(desiredValue(def, "Device.C", { ...device, subscriberId: "sub-9" })).toEqual({
      kind: "value",
      value: "sub-9",
    });
    expect(desiredValue(def, "Device.D", device)).toEqual({ kind: "value", value: "plain" });
    expect(desiredValue(def, "Device.E", device)).toEqual({ kind: "absent" });
  });
});

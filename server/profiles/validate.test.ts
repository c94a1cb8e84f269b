// The save-time check against the shipped TR-098 / TR-181 / TR-135 facts.
import { describe, expect, it } from "vitest";
import { profileDefinitionSchema, type ProfileDefinitionInput } from "../../lib/profiles/definition";
import { checkProfile } from "./validate";

const check = (def: Omit<ProfileDefinitionInput, "triggers">, secrets: string[] = []) =>
  checkProfile(profileDefinitionSchema.parse({ triggers: ["boot"], ...def }), secrets);
const reasons = (def: Omit<ProfileDefinitionInput, "triggers">, secrets: string[] = []) =>
  check(def, secrets).refused.map((r) => `${r.row} ${r.reason}`);

const MS = "Device.ManagementServer.";
const HDMI = "Device.Services.STBService.1.Components.HDMI.1.";

describe("checkProfile", () => {
  it("accepts writable paths with valid values, on both data models", () => {
    expect(
      reasons({
        parameters: [
          { path: `${MS}PeriodicInformInterval`, value: "300" },
          { path: "InternetGatewayDevice.ManagementServer.PeriodicInformEnable", value: "true" },
          { path: `${HDMI}ResolutionMode`, value: "Auto" },
          { path: "Device.DeviceInfo.ProvisioningCode", value: "IPTV-${serial}" },
        ],
      }),
    ).toEqual([]);
  });

  it("refuses unknown and read-only paths, bad types, ranges and enumerations, with the reason", () => {
    expect(
      reasons({
        parameters: [
          { path: "Device.Nowhere.Thing", value: "1" },
          { path: "Device.DeviceInfo.SoftwareVersion", value: "9.9" },
          { path: `${MS}PeriodicInformInterval`, value: "often" },
          { path: `${MS}PeriodicInformInterval`, value: "0" },
          { path: `${HDMI}ResolutionMode`, value: "Sideways" },
        ],
      }),
    ).toEqual([
      "parameters[0] not a parameter of the known data models",
      "parameters[1] read-only in the data model",
      expect.stringMatching(/^parameters\[2\] .*not an unsignedInt/),
      "parameters[3] set twice in this profile",
      expect.stringMatching(/^parameters\[4\] "Sideways" not one of/),
    ]);
  });

  it("a secret parameter takes a profile secret; unknown secrets and references are refused", () => {
    expect(reasons({ parameters: [{ path: `${MS}Password`, value: "plain" }] })).toEqual([
      expect.stringMatching(/secret parameter takes a profile secret/),
    ]);
    expect(reasons({ parameters: [{ path: `${MS}Password`, value: "${secret:acs}" }] }, ["acs"])).toEqual([]);
    expect(reasons({ parameters: [{ path: `${MS}Password`, value: "${secret:nope}" }] }, ["acs"])).toEqual([
      'parameters[0] unknown secret "nope"',
    ]);
    expect(
      reasons({ parameters: [{ path: "Device.DeviceInfo.ProvisioningCode", value: "${mac}" }] }),
    ).toEqual([expect.stringMatching(/unknown reference \$\{mac\}/)]);
    expect(reasons({ parameters: [{ path: `${MS}PeriodicInformInterval`, value: "${serial}" }] })).toEqual([
      "parameters[0] a unsignedInt takes a literal value, not a reference",
    ]);
  });

  it("reports ManagementServer rows (admin-only) apart from the periodic-inform settings", () => {
    const result = check({
      parameters: [
        { path: `${MS}PeriodicInformInterval`, value: "300" },
        { path: `${MS}URL`, value: "http://127.0.0.1:7547/" },
      ],
    });
    expect(result.managementPaths).toEqual([`${MS}URL`]);
  });

  it("objects: a writable table, its key a parameter of the instances, instance values checked", () => {
    expect(
      reasons({
        objects: [
          {
            path: "Device.NAT.PortMapping.",
            key: "ExternalPort",
            exact: true,
            instances: [
              { values: { ExternalPort: "8080", InternalPort: "80", Protocol: "TCP" } },
              { values: { ExternalPort: "8080", InternalPort: "81" } },
              { values: { InternalPort: "22" } },
              { values: { ExternalPort: "2222", Protocol: "SCTP-ish" } },
            ],
          },
          { path: "Device.DeviceInfo.ProcessStatus.Process.", key: "PID", instances: [] },
        ],
      }),
    ).toEqual([
      "objects[0].instances[1] ExternalPort 8080 listed twice",
      "objects[0].instances[2] has no ExternalPort (the key)",
      expect.stringMatching(/^objects\[0\]\.instances\[3\]\.Protocol "SCTP-ish" not one of/),
      "objects[1] instances cannot be added or deleted (read-only table)",
    ]);
  });

  it("notification attributes respect the data model's activeNotify", () => {
    expect(
      reasons({
        attributes: [
          { path: "Device.DeviceInfo.SoftwareVersion", notification: "off" },
          { path: "Device.DeviceInfo.UpTime", notification: "passive" },
          { path: "Device.Nowhere.X", notification: "active" },
        ],
      }),
    ).toEqual([
      "attributes[0] the data model forces active notification on",
      "attributes[2] not a parameter of the known data models",
    ]);
  });
});

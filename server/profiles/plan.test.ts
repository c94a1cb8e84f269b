import { describe, expect, it } from "vitest";
import { profileDefinitionSchema, type ProfileDefinitionInput } from "../../lib/profiles/definition";
import type { ParameterDocument } from "../devices/parameter-document";
import { desiredState, type ApplicableProfile, type DeviceIdentity } from "./desired";
import { hashSecret, planIsEmpty, planProfile, type KnownState } from "./plan";

const device: DeviceIdentity = {
  rootObject: "Device",
  serialNumber: "SN1",
  oui: "00D09E",
  productClass: "STB",
  subscriberId: null,
};
const MS = "Device.ManagementServer.";
const PM = "Device.NAT.PortMapping.";

function profile(
  id: number,
  priority: number,
  def: ProfileDefinitionInput,
  secrets: Record<string, string> = {},
): ApplicableProfile {
  return {
    id,
    name: `p${id}`,
    priority,
    definition: profileDefinitionSchema.parse(def),
    secrets: new Map(Object.entries(secrets)),
  };
}

function known(doc: ParameterDocument, over: Partial<KnownState> = {}): KnownState {
  return {
    entry: (p) => doc[p],
    paths: () => Object.keys(doc),
    staleBefore: 100,
    alreadyRead: new Set(),
    secretHashes: {},
    created: new Map(),
    typeOf: () => undefined,
    ...over,
  };
}

const only = (p: ApplicableProfile) => desiredState([p], device)[0]!;

describe("planProfile", () => {
  it("nothing is planned when the device already matches (values compared in their stored form)", () => {
    const p = profile(1, 1, {
      triggers: ["periodic"],
      parameters: [
        { path: `${MS}PeriodicInformEnable`, value: "1" },
        { path: `${MS}PeriodicInformInterval`, value: "0300" },
      ],
    });
    const doc = {
      [`${MS}PeriodicInformEnable`]: { v: "true", t: "boolean", ts: 200 },
      [`${MS}PeriodicInformInterval`]: { v: "300", t: "unsignedInt", ts: 200 },
    };
    const plan = planProfile(only(p), known(doc));
    expect(planIsEmpty(plan)).toBe(true);
    expect(plan.owned).toEqual([`${MS}PeriodicInformEnable`, `${MS}PeriodicInformInterval`]);
  });

  it("reads unknown and stale values first, sets the ones that differ", () => {
    const p = profile(1, 1, {
      triggers: ["boot"],
      parameters: [
        { path: "Device.A.X", value: "1" },
        { path: "Device.A.Stale", value: "x" },
        { path: "Device.A.Diff", value: "new" },
        { path: "InternetGatewayDevice.A.Other", value: "skipped: other root" },
      ],
    });
    const doc = {
      "Device.A.Stale": { v: "x", t: "string", ts: 50 },
      "Device.A.Diff": { v: "old", t: "string", ts: 150 },
    };
    const plan = planProfile(only(p), known(doc));
    expect(plan.reads).toEqual(["Device.A.X", "Device.A.Stale"]);
    expect(plan.sets).toEqual([{ path: "Device.A.Diff", value: "new", type: "string", secret: false }]);
    // After the read: a value the device did not report is set, not read again.
    const after = planProfile(
      only(p),
      known(doc, { alreadyRead: new Set(["Device.A.X", "Device.A.Stale"]) }),
    );
    expect(after.reads).toEqual([]);
    expect(after.sets.map((s) => s.path)).toEqual(["Device.A.X", "Device.A.Diff"]);
  });

  it("references are filled per device; an unresolvable one is reported, not sent", () => {
    const p = profile(1, 1, {
      triggers: ["first_contact"],
      parameters: [
        { path: "Device.A.Name", value: "stb-${serial}-${oui}" },
        { path: "Device.A.Sub", value: "${subscriberId}" },
      ],
    });
    const desire = only(p);
    expect(desire.values).toEqual([{ path: "Device.A.Name", value: "stb-SN1-00D09E", secret: false }]);
    expect(desire.unresolved).toEqual(["Device.A.Sub: subscriberId has no value here"]);
  });

  it("secrets are compared by the hash of what was last set, never read", () => {
    const p = profile(
      1,
      1,
      { triggers: ["boot"], parameters: [{ path: `${MS}Password`, value: "${secret:acs}" }] },
      {
        acs: "s3cret",
      },
    );
    const doc = { [`${MS}Password`]: { t: "string", ts: 200 } };
    expect(planProfile(only(p), known(doc)).sets).toEqual([
      {
        path: `${MS}Password`,
        value: "s3cret",
        type: "string",
        secret: true,
        secretHash: hashSecret("s3cret"),
      },
    ]);
    const set = planProfile(
      only(p),
      known(doc, { secretHashes: { [`${MS}Password`]: hashSecret("s3cret") } }),
    );
    expect(planIsEmpty(set)).toBe(true);
  });

  it("a secret inside a table instance is compared by hash too (a CPE reads a password back as '')", () => {
    const BD = "Device.BulkData.Profile.";
    const p = profile(
      1,
      1,
      {
        triggers: ["boot"],
        objects: [
          {
            path: BD,
            key: "Alias",
            instances: [{ values: { Alias: "v", "HTTP.Password": "${secret:bd}" } }],
          },
        ],
      },
      { bd: "pw" },
    );
    const doc = {
      [`${BD}3.Alias`]: { v: "v", t: "string", ts: 200 },
      [`${BD}3.HTTP.Password`]: { v: "", t: "string", ts: 200 },
    };
    expect(planProfile(only(p), known(doc)).sets).toEqual([
      {
        path: `${BD}3.HTTP.Password`,
        value: "pw",
        type: "string",
        secret: true,
        secretHash: hashSecret("pw"),
      },
    ]);
    const taken = known(doc, { secretHashes: { [`${BD}3.HTTP.Password`]: hashSecret("pw") } });
    expect(planIsEmpty(planProfile(only(p), taken))).toBe(true);
  });

  it("the higher priority owns a path; the lower one reports it overridden and does not plan it", () => {
    const low = profile(1, 10, { triggers: ["boot"], parameters: [{ path: "Device.A.X", value: "low" }] });
    const high = profile(2, 50, { triggers: ["boot"], parameters: [{ path: "Device.A.X", value: "high" }] });
    const [first, second] = desiredState([low, high], device);
    expect(first!.profileId).toBe(2);
    expect(first!.values).toEqual([{ path: "Device.A.X", value: "high", secret: false }]);
    expect(second!.values).toEqual([]);
    expect(second!.overridden.get("Device.A.X")).toBe("p2");
  });

  it("notification attributes: read when unknown, set when different", () => {
    const p = profile(1, 1, {
      triggers: ["boot"],
      attributes: [
        { path: "Device.A.X", notification: "active" },
        { path: "Device.A.Y", notification: "passive" },
        { path: "Device.A.Z", notification: "off" },
      ],
    });
    const doc = {
      "Device.A.X": { v: "1", ts: 200, n: 2 },
      "Device.A.Y": { v: "1", ts: 200, n: 0 },
      "Device.A.Z": { v: "1", ts: 200 },
    };
    const plan = planProfile(only(p), known(doc));
    expect(plan.attributes).toEqual([{ path: "Device.A.Y", notification: 1 }]);
    expect(plan.attributeReads).toEqual(["Device.A.Z"]);
  });

  describe("object instances keyed by a parameter", () => {
    const p = profile(1, 1, {
      triggers: ["boot"],
      objects: [
        {
          path: PM,
          key: "ExternalPort",
          exact: true,
          instances: [
            { values: { ExternalPort: "8080", InternalPort: "80" } },
            { values: { ExternalPort: "2222", InternalPort: "22" } },
          ],
        },
      ],
    });

    it("an unknown table is read first", () => {
      expect(planProfile(only(p), known({})).reads).toEqual([PM]);
    });

    it("adds missing instances, fixes values of existing ones, deletes others when exact", () => {
      const doc = {
        [PM]: { ts: 200 },
        [`${PM}1.ExternalPort`]: { v: "8080", t: "unsignedInt", ts: 200 },
        [`${PM}1.InternalPort`]: { v: "81", t: "unsignedInt", ts: 200 },
        [`${PM}3.ExternalPort`]: { v: "9999", t: "unsignedInt", ts: 200 },
      };
      const plan = planProfile(only(p), known(doc));
      expect(plan.reads).toEqual([]);
      expect(plan.sets).toEqual([
        { path: `${PM}1.InternalPort`, value: "80", type: "unsignedInt", secret: false },
      ]);
      expect(plan.adds).toEqual([{ table: PM, values: { ExternalPort: "2222", InternalPort: "22" } }]);
      expect(plan.deletes).toEqual([`${PM}3.`]);
    });

    it("an instance this profile just created takes the missing key's values, and is not deleted", () => {
      const doc = {
        [PM]: { ts: 200 },
        [`${PM}1.ExternalPort`]: { v: "8080", t: "unsignedInt", ts: 200 },
        [`${PM}1.InternalPort`]: { v: "80", t: "unsignedInt", ts: 200 },
        [`${PM}4.`]: { ts: 300 },
        // The device's defaults for the new instance, read right after the AddObject.
        [`${PM}4.ExternalPort`]: { v: "0", t: "unsignedInt", ts: 300 },
      };
      const plan = planProfile(only(p), known(doc, { created: new Map([[PM, ["4"]]]) }));
      expect(plan.adds).toEqual([]);
      expect(plan.deletes).toEqual([]);
      expect(plan.sets.map((s) => [s.path, s.value])).toEqual([
        [`${PM}4.ExternalPort`, "2222"],
        [`${PM}4.InternalPort`, "22"],
      ]);
    });
  });
});

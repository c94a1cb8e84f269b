import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadImportedFacts } from "../../datamodel/imports";
import { lookupParameter, setImportedFacts, validateValue } from "../../datamodel";
import { openStore, type Store } from "../../database/connect";
import { db } from "../../db";
import { overrideSettings } from "../../env";
import type { Role } from "../../generated/prisma/enums";
import { callerAs } from "../test-callers";

let store: Store;
let adminId: number;

function api(role: Role = "admin") {
  const operator = { id: adminId, username: "root", name: "", role };
  return callerAs(operator);
}

export const ACME_XML = `<?xml version="1.0" encoding="UTF-8"?>
<dm:document xmlns:dm="urn:broadband-forum-org:cwmp:datamodel-1-8" spec="urn:acme-com:x-acme-1-0">
  <model name="X_ACME_Device:1.0">
    <object name="Device.X_ACME_Settings." access="readOnly" minEntries="1" maxEntries="1">
      <parameter name="PowerMode" access="readWrite">
        <description>Energy saving mode.</description>
        <syntax><string><enumeration value="Eco"/><enumeration value="Normal"/></string></syntax>
      </parameter>
      <parameter name="FanSpeed" access="readWrite">
        <syntax><unsignedInt><range minInclusive="0" maxInclusive="100"/><units value="percent"/></unsignedInt></syntax>
      </parameter>
    </object>
    <object base="Device.DeviceInfo." access="readOnly" minEntries="1" maxEntries="1">
      <parameter name="X_ACME_BoardId" access="readOnly">
        <syntax><string><size maxLength="32"/></string></syntax>
      </parameter>
    </object>
  </model>
</dm:document>`;

beforeAll(async () => {
  overrideSettings({ LOG_LEVEL: "silent" });
  store = await openStore({ dataDir: "memory:" });
  adminId = (await db().operator.create({ data: { username: "root", role: "admin", passwordHash: "x" } })).id;
});

afterAll(async () => {
  setImportedFacts([]);
  await store.close();
});

describe("datamodel router", () => {
  it("previews a vendor document without storing it", async () => {
    const summary = await api().datamodel.preview({ xml: ACME_XML });
    expect(summary).toEqual({
      models: ["X_ACME_Device:1.0"],
      objectCount: 2,
      parameterCount: 3,
      newParameterCount: 3,
      samplePaths: [
        "Device.X_ACME_Settings.PowerMode",
        "Device.X_ACME_Settings.FanSpeed",
        "Device.DeviceInfo.X_ACME_BoardId",
      ],
    });
    expect(await db().dataModelImport.count()).toBe(0);
    expect(lookupParameter("Device.X_ACME_Settings.PowerMode")).toBeUndefined();
  });

  it("imports, persists, audits, extends lookups and deletes", async () => {
    const { id, summary } = await api().datamodel.import({ name: "ACME STB", xml: ACME_XML });
    expect(summary.parameterCount).toBe(3);
    const row = await db().dataModelImport.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ name: "ACME STB", parameterCount: 3, createdBy: "root" });
    expect(JSON.stringify(row.facts)).not.toContain("Energy saving");
    expect(
      await db().auditLog.count({ where: { action: "datamodel.import", target: "datamodel:ACME STB" } }),
    ).toBe(1);

    const hit = await api("viewer").datamodel.lookup({ path: "Device.X_ACME_Settings.FanSpeed" });
    expect(hit).toMatchObject({
      kind: "parameter",
      model: "X_ACME_Device:1.0",
      facts: { t: "unsignedInt", w: 1, u: "percent" },
    });
    const mode = lookupParameter("Device.X_ACME_Settings.PowerMode");
    expect(mode && validateValue(mode.facts, "Turbo", { write: true })).toMatchObject({
      ok: false,
      faultCode: 9007,
    });
    // The base= extension adds to the standard object rather than hiding it.
    expect(lookupParameter("Device.DeviceInfo.X_ACME_BoardId")?.facts.l).toBe(32);
    expect(lookupParameter("Device.DeviceInfo.SoftwareVersion")).toBeDefined();
    // An object's lookup counts its parameters instead of carrying every parameter's facts.
    const object = await api().datamodel.lookup({ path: "Device.X_ACME_Settings." });
    expect(object).toMatchObject({ kind: "object", parameterCount: 2 });
    expect(object?.facts).not.toHaveProperty("p");
    expect(await api().datamodel.lookup({ path: "Device.Nope.Nothing" })).toBeNull();

    expect((await api().datamodel.imports()).map((i) => [i.name, i.models])).toEqual([
      ["ACME STB", ["X_ACME_Device:1.0"]],
    ]);
    await expect(api().datamodel.import({ name: "ACME STB", xml: ACME_XML })).rejects.toMatchObject({
      code: "CONFLICT",
    });

    // Another process starting later loads the persisted facts.
    setImportedFacts([]);
    expect(lookupParameter("Device.X_ACME_Settings.PowerMode")).toBeUndefined();
    expect(await loadImportedFacts()).toBe(1);
    expect(lookupParameter("Device.X_ACME_Settings.PowerMode")?.facts.e).toEqual(["Eco", "Normal"]);

    await api().datamodel.delete({ id });
    expect(lookupParameter("Device.X_ACME_Settings.PowerMode")).toBeUndefined();
    expect(await db().auditLog.count({ where: { action: "datamodel.delete" } })).toBe(1);
    await expect(api().datamodel.delete({ id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("rejects hostile or invalid XML with a clear message", async () => {
    const cases: [string, RegExp][] = [
      ['<!DOCTYPE r [<!ENTITY e "x">]><dm:document xmlns:dm="urn:x">&e;</dm:document>', /DOCTYPE/],
      ["<dm:document xmlns:dm='urn:x'><model name='m'>", /Not well-formed XML/],
      ["<root/>", /root element must be dm:document/],
      ["<dm:document xmlns:dm='urn:x'><model name='m'/></dm:document>", /defines no parameters/],
      [
        "<dm:document xmlns:dm='urn:x'><model name='m'><object name='Device.__proto__.'><parameter name='a'/></object></model></dm:document>".replace(
          "__proto__",
          "../x",
        ),
        /Invalid object name/,
      ],
      [
        "<dm:document xmlns:dm='urn:x'><model name='m'><object name='Device.X.'><parameter name='a b'/></object></model></dm:document>",
        /Invalid parameter name/,
      ],
      [
        `<dm:document xmlns:dm="urn:x">${" ".repeat(4 * 1024 * 1024)}</dm:document>`,
        /larger than 4 MiB|too_big|4194304/,
      ],
    ];
    for (const [xml, message] of cases) {
      await expect(api().datamodel.preview({ xml })).rejects.toMatchObject({ code: "BAD_REQUEST", message });
    }
  });

  it("is refused without datamodel.manage", async () => {
    for (const role of ["noc", "helpdesk", "product", "viewer"] as const) {
      await expect(api(role).datamodel.preview({ xml: ACME_XML })).rejects.toMatchObject({
        code: "FORBIDDEN",
      });
    }
  });
});

describe("datamodel.completePath", () => {
  it("completes a path for an operator who reads profiles, and refuses one who does not", async () => {
    const got = await api("product").datamodel.completePath({ prefix: "Device.Services.STBService.1.Serv" });
    expect(got).toEqual([{ kind: "object", path: "Device.Services.STBService.1.ServiceMonitoring." }]);
    const params = await api("helpdesk").datamodel.completePath({ prefix: "Device.DeviceInfo.UpT" });
    expect(params).toEqual([
      { kind: "parameter", path: "Device.DeviceInfo.UpTime", type: "unsignedInt", writable: false },
    ]);
    await expect(api("viewer").datamodel.completePath({ prefix: "Device." })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
  });
});

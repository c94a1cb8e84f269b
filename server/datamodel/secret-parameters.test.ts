import { describe, expect, it } from "vitest";
import { loadFacts, registerFacts, setImportedFacts } from "./registry";
import { isSecretName, isSecretParameter, redactSecrets, REDACTED } from "./secret-parameters";

/** Concrete paths ("{i}" -> "1") of every parameter a bundled model flags secured/hidden. */
function hiddenParameters(): { path: string; command: boolean }[] {
  const out: { path: string; command: boolean }[] = [];
  for (const model of loadFacts())
    for (const [object, facts] of Object.entries(model.o))
      for (const [name, p] of Object.entries(facts.p))
        if (p.h === 1)
          out.push({
            path: `${object}${name}`.replaceAll("{i}", "1"),
            command: p.t === "boolean" && p.w === 1,
          });
  return out;
}

describe("isSecretParameter", () => {
  it("matches by name every parameter the bundled data models flag secured/hidden (the console has no facts)", () => {
    const hidden = hiddenParameters().filter((p) => !p.command);
    expect(hidden.length).toBeGreaterThan(50);
    // Without the registry's flag the names alone must cover them: what the browser sees.
    const missed = hidden.filter((p) => !isSecretName(p.path));
    expect(missed).toEqual([]);
    for (const p of hidden) expect(isSecretParameter(p.path), p.path).toBe(true);
  });

  it("knows Wi-Fi keys and credentials in both roots, and leaves ordinary parameters alone", () => {
    for (const name of [
      "Device.WiFi.AccessPoint.1.Security.KeyPassphrase",
      "Device.WiFi.AccessPoint.2.Security.PreSharedKey",
      "InternetGatewayDevice.LANDevice.1.WLANConfiguration.1.WEPKey.1.WEPKey",
      "Device.ManagementServer.ConnectionRequestPassword",
      "Device.WiFi.AccessPoint.1.Security.RadiusSecret",
    ])
      expect(isSecretParameter(name), name).toBe(true);
    for (const name of [
      "Device.WiFi.SSID.1.SSID",
      "Device.ManagementServer.ConnectionRequestUsername",
      "Device.DeviceInfo.SoftwareVersion",
      "Device.WiFi.AccessPoint.1.Security.ModeEnabled",
    ])
      expect(isSecretParameter(name), name).toBe(false);
  });

  it("adds the data model's hidden flag for parameters without a secret-sounding name", () => {
    // A hidden boolean command (tr-098) is flagged by the model only.
    expect(isSecretName("InternetGatewayDevice.USBHosts.Host.1.Reset")).toBe(false);
    expect(isSecretParameter("InternetGatewayDevice.USBHosts.Host.1.Reset")).toBe(true);
    expect(isSecretParameter("InternetGatewayDevice.USBHosts.Host.1.Enable")).toBe(false);
  });
});

describe("isSecretParameter after a model change", () => {
  it("sees a vendor model's hidden parameter once it is registered or imported, even if asked before", () => {
    const registered = "Device.X_VANTAGE_TEST_Registered.1.Token";
    const imported = "Device.X_VANTAGE_TEST_Imported.1.Token";
    // Asked (and remembered) while no model knows them.
    expect(isSecretParameter(registered)).toBe(false);
    expect(isSecretParameter(imported)).toBe(false);
    const model = (object: string) => ({
      model: "X_VANTAGE_TEST:1.0",
      o: { [object]: { m: 1 as const, p: { Token: { t: "string" as const, h: 1 as const } } } },
    });
    registerFacts(model("Device.X_VANTAGE_TEST_Registered.{i}."));
    expect(isSecretParameter(registered)).toBe(true);
    setImportedFacts([model("Device.X_VANTAGE_TEST_Imported.{i}.")]);
    expect(isSecretParameter(imported)).toBe(true);
    setImportedFacts([]);
    expect(isSecretParameter(imported)).toBe(false);
  });
});

describe("redactSecrets", () => {
  it("masks name/value pairs, secret keys and credential-named fields at any depth, keeping the rest", () => {
    const input = {
      parameterList: [
        { name: "Device.WiFi.AccessPoint.1.Security.KeyPassphrase", value: "k1", type: "string" },
        { name: "Device.WiFi.SSID.1.SSID", value: "home", type: "string" },
      ],
      "Device.ManagementServer.ConnectionRequestPassword": "k2",
      nested: { connectionRequestPassword: "k3", at: new Date(0), none: null },
      action: { action: "set", path: "Device.PPP.Interface.1.Password", value: "k4" },
    };
    const out = redactSecrets(input);
    expect(JSON.stringify(out)).not.toMatch(/k1|k2|k3|k4/);
    expect(out.parameterList[0]).toEqual({
      name: "Device.WiFi.AccessPoint.1.Security.KeyPassphrase",
      value: REDACTED,
      type: "string",
    });
    expect(out.parameterList[1]?.value).toBe("home");
    expect(out.nested.at).toEqual(new Date(0));
    expect(out.nested.none).toBeNull();
  });

  it("masks a plain value when the record's target is a secret parameter", () => {
    expect(redactSecrets({ value: "old" }, "Device.Users.User.1.Password")).toEqual({ value: REDACTED });
    expect(redactSecrets({ value: "old" }, "Device.WiFi.SSID.1.SSID")).toEqual({ value: "old" });
    expect(redactSecrets({ value: null }, null)).toEqual({ value: null });
  });
});

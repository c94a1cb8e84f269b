// ${bulkdataUrl} / ${bulkdataPassword}: filled in only where the collector registered them, the password
// handled as a secret, and the profile check lets the derived password go to password parameters only.
import { describe, expect, it } from "vitest";
import { profileDefinitionSchema } from "../../../lib/profiles/definition";
import { registerServerReference, resolveValue } from "../../../lib/profiles/references";
import { checkProfile } from "../../profiles/validate";
import { derivePassword } from "./credentials";

const device = {
  rootObject: "Device",
  serialNumber: "SN1",
  oui: "00D09E",
  productClass: "STB",
  subscriberId: null,
};

describe("server references", () => {
  it("have no value until the collector registers them, then the password is a secret", () => {
    expect(resolveValue("${bulkdataPassword}", device)).toBeNull();
    const offUrl = registerServerReference("bulkdataUrl", () => "http://127.0.0.1:7550/bulkdata");
    const offPassword = registerServerReference("bulkdataPassword", (d) => derivePassword("k", d));
    try {
      expect(resolveValue("${bulkdataUrl}", device)).toEqual({
        value: "http://127.0.0.1:7550/bulkdata",
        secret: false,
      });
      const password = resolveValue("${bulkdataPassword}", device);
      expect(password).toEqual({ value: derivePassword("k", device), secret: true });
      expect(password!.value).not.toBe(derivePassword("k", { ...device, serialNumber: "SN2" }));
    } finally {
      offUrl();
      offPassword();
    }
    expect(resolveValue("${bulkdataUrl}", device)).toBeNull();
  });

  it("are accepted by the profile check where they belong, and only there", () => {
    const profile = (values: Record<string, string>) =>
      checkProfile(
        profileDefinitionSchema.parse({
          triggers: ["boot"],
          objects: [
            {
              path: "Device.BulkData.Profile.",
              key: "Alias",
              instances: [{ values: { Alias: "a", ...values } }],
            },
          ],
        }),
        [],
      ).refused.map((r) => r.reason);
    expect(profile({ "HTTP.URL": "${bulkdataUrl}", "HTTP.Password": "${bulkdataPassword}" })).toEqual([]);
    expect(profile({ "HTTP.Username": "${bulkdataPassword}" })[0]).toMatch(/only fills a password parameter/);
    expect(profile({ "HTTP.Password": "x${bulkdataPassword}" })[0]).toMatch(/secret parameter takes/);
    expect(profile({ "HTTP.URL": "${collectorUrl}" })[0]).toMatch(/unknown reference/);
  });
});

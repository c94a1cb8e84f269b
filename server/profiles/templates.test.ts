// Every built-in template is a valid profile against the shipped data-model facts.
import { describe, expect, it } from "vitest";
import { profileDefinitionSchema } from "../../lib/profiles/definition";
import { PROFILE_TEMPLATES } from "./templates";
import { checkProfile } from "./validate";

describe("built-in templates", () => {
  it.each(PROFILE_TEMPLATES.map((t) => [t.id, t] as const))(
    "%s parses and passes the data-model check",
    (_id, t) => {
      const definition = profileDefinitionSchema.parse(t.definition);
      expect(checkProfile(definition, []).refused).toEqual([]);
    },
  );

  it("covers the IIF profiles the issue names", () => {
    expect(PROFILE_TEMPLATES.map((t) => t.id)).toEqual([
      "dng-base",
      "dng-monitoring",
      "itf-base",
      "itf-monitoring",
      "itf-diagnostics",
      "itf-audience",
      "tr181-bulkdata",
      "tr181-bulkdata-dng",
      "stb-service-monitoring",
      "tr111-nat-boxes",
      "tr111-association-gateways",
    ]);
  });
});

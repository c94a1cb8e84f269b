// parse(serialize(x)) = x for generated messages of every type, under every namespace/version.
import { describe, expect, it } from "vitest";
import { CODECS } from "./codecs";
import { parseEnvelope, serializeEnvelope, type CwmpHeader, type CwmpVersion, type Envelope } from "./index";
import { MESSAGE_FIXTURES } from "./test-fixtures";

interface Framing {
  cwmpNamespace: string;
  version: CwmpVersion;
  header: CwmpHeader;
}

const FRAMINGS: readonly Framing[] = [
  { cwmpNamespace: "urn:dslforum-org:cwmp-1-0", version: "1.0", header: { id: "1" } },
  { cwmpNamespace: "urn:dslforum-org:cwmp-1-1", version: "1.1", header: { id: "a&b", holdRequests: true } },
  {
    cwmpNamespace: "urn:dslforum-org:cwmp-1-2",
    version: "1.2",
    header: { holdRequests: false, noMoreRequests: true },
  },
  { cwmpNamespace: "urn:dslforum-org:cwmp-1-2", version: "1.3", header: { id: "x", sessionTimeout: 60 } },
  {
    cwmpNamespace: "urn:dslforum-org:cwmp-1-2",
    version: "1.4",
    header: { id: "y", supportedCwmpVersions: "1.0,1.1,1.2,1.3,1.4" },
  },
  { cwmpNamespace: "urn:dslforum-org:cwmp-1-2", version: "1.4", header: { id: "z", useCwmpVersion: "1.4" } },
  { cwmpNamespace: "urn:dslforum-org:cwmp-1-3", version: "1.4", header: { id: "nonstandard" } },
  { cwmpNamespace: "urn:dslforum-org:cwmp-1-4", version: "1.4", header: {} },
];

describe("round trip", () => {
  it("has a fixture for every message type", () => {
    const covered = new Set(MESSAGE_FIXTURES.map((m) => m.name));
    for (const name of [...Object.keys(CODECS), "Fault"]) expect(covered, name).toContain(name);
  });

  it.each(MESSAGE_FIXTURES.map((m, i) => [`${i} ${m.name}`, m] as const))("%s", (_label, body) => {
    for (const framing of FRAMINGS) {
      const env: Envelope = { ...framing, body };
      expect(parseEnvelope(serializeEnvelope(env))).toStrictEqual(env);
    }
  });
});

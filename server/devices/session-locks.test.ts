import os from "node:os";
import { afterAll, describe, expect, it } from "vitest";
import { overrideSettings } from "../env";
import { nodeId } from "./session-locks";

describe("nodeId", () => {
  afterAll(() => {
    overrideSettings({});
  });

  it("is NODE_ID when set, else host:CWMP port, and follows a settings change", () => {
    overrideSettings({ NODE_ID: "acs-a", CWMP_PORT: "7547" });
    expect(nodeId()).toBe("acs-a");
    overrideSettings({ NODE_ID: "", CWMP_PORT: "7548" });
    expect(nodeId()).toBe(`${os.hostname()}:7548`);
  });
});

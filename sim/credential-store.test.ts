import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { fileCredentialStore } from "./credential-store";
import { makeDevice } from "./test-helpers";

const dir = mkdtempSync(path.join(tmpdir(), "sim-creds-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the simulator's kept ACS credentials", () => {
  it("keeps own credentials across a restart and forgets them after a factory reset", () => {
    const file = path.join(dir, "a.json");
    const device = makeDevice("stb");
    const shared = device.ms("Username");
    const store = fileCredentialStore(file, shared);
    store.save(device); // still the shared ones: nothing kept
    expect(() => statSync(file)).toThrow();

    device.tree.set("Device.ManagementServer.Username", "own-user");
    device.tree.set("Device.ManagementServer.Password", "own-pass");
    store.save(device);
    expect(statSync(file).mode & 0o777).toBe(0o600);

    const restarted = makeDevice("stb");
    expect(fileCredentialStore(file, shared).restore(restarted)).toBe(true);
    expect(restarted.ms("Username")).toBe("own-user");
    expect(restarted.ms("Password")).toBe("own-pass");
    expect(restarted.informEvents().map((e) => e.eventCode)).not.toContain("0 BOOTSTRAP");

    restarted.factoryReset();
    const again = fileCredentialStore(file, shared);
    again.save(restarted);
    expect(JSON.parse(readFileSync(file, "utf8"))).toEqual({});
    expect(again.restore(makeDevice("stb"))).toBe(false);
  });

  it("starts empty from a damaged file", () => {
    const file = path.join(dir, "b.json");
    writeFileSync(file, "{not json");
    const device = makeDevice("dng");
    expect(fileCredentialStore(file, "x").restore(device)).toBe(false);
  });
});

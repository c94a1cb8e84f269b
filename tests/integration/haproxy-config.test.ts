// The shipped deploy/haproxy.cfg is what deploy/haproxy-config.ts writes, and HAProxy accepts it.
import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { exampleConfig } from "../../deploy/haproxy-config";

const shipped = path.resolve(import.meta.dirname, "../../deploy/haproxy.cfg");

function haproxyVersion(): string | undefined {
  try {
    return execFileSync("haproxy", ["-v"], { encoding: "utf8" });
  } catch {
    return undefined;
  }
}

describe("deploy/haproxy.cfg", () => {
  it("is the generator's example, unedited", () => {
    expect(readFileSync(shipped, "utf8")).toBe(exampleConfig());
  });

  // In CI haproxy is installed (scripts/ensure-haproxy.sh): there a missing binary fails the check.
  it.skipIf(!haproxyVersion() && !process.env.CI)("passes haproxy -c with the nodes' addresses set", () => {
    const env = {
      ...process.env,
      VANTAGE_NODE1: "127.0.0.1",
      VANTAGE_NODE2: "127.0.0.2",
      VANTAGE_NODE3: "127.0.0.3",
    };
    // Warnings (e.g. an HTTP option on a TCP proxy) still exit 0: they fail this check too.
    const run = spawnSync("haproxy", ["-c", "-f", shipped], { env, encoding: "utf8" });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("Configuration file is valid");
    expect(`${run.stdout}${run.stderr}`).not.toMatch(/WARNING|ALERT/);
  });
});

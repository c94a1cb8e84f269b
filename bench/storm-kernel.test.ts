import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseSysctlConf, softnetDrops } from "./storm-kernel";

describe("deploy/sysctl.d/90-vantage.conf", () => {
  const conf = readFileSync(
    path.join(import.meta.dirname, "..", "deploy", "sysctl.d", "90-vantage.conf"),
    "utf8",
  );
  const settings = new Map(parseSysctlConf(conf));
  const start = readFileSync(path.join(import.meta.dirname, "..", "server", "start.ts"), "utf8");
  const backlog = Number(/LISTEN_BACKLOG = ([\d_]+)/.exec(start)?.[1]?.replaceAll("_", ""));

  it("lets the kernel give the CWMP listener the backlog it asks for", () => {
    expect(backlog).toBeGreaterThan(511);
    expect(settings.get("net.core.somaxconn")).toBeGreaterThanOrEqual(backlog);
    expect(settings.get("net.ipv4.tcp_max_syn_backlog")).toBeGreaterThanOrEqual(backlog);
  });

  it("raises the per-CPU input queue a storm's burst of packets overflows", () => {
    expect(settings.get("net.core.netdev_max_backlog")).toBeGreaterThanOrEqual(10_000);
  });

  it("sums the dropped packets of every CPU from /proc/net/softnet_stat", () => {
    const stat = "004f5022 00000d89 00000007 00000000\n0048b723 00000149 00000003 00000000\n";
    expect(softnetDrops(stat)).toBe(0xd89 + 0x149);
  });

  it("refuses a line that is not a numeric setting", () => {
    expect(() => parseSysctlConf("net.core.somaxconn = lots")).toThrow(/not a numeric setting/);
    expect(parseSysctlConf("# comment\n\nnet.core.somaxconn=1\n")).toEqual([["net.core.somaxconn", 1]]);
  });
});

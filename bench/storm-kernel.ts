// The kernel settings a node that takes boot storms runs with (deploy/sysctl.d/90-vantage.conf),
// applied for the benchmark's duration where this process may (root), and put back afterwards. A
// setting already at or above the file's value is left alone; without the right to change it the
// run goes on with the machine's value, and the report says which values were in force.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

const CONF = path.join(import.meta.dirname, "..", "deploy", "sysctl.d", "90-vantage.conf");

export interface KernelSettings {
  /** "net.core.somaxconn 16384 (raised from 4096)", one per setting. */
  inForce: string[];
  restore(): void;
}

/** key = value lines of a sysctl.d file. */
export function parseSysctlConf(text: string): [string, number][] {
  const out: [string, number][] = [];
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const m = /^([a-z0-9_.]+)\s*=\s*(\d+)$/.exec(line);
    if (!m) throw new Error(`${CONF}: not a numeric setting: ${line}`);
    out.push([m[1]!, Number(m[2])]);
  }
  return out;
}

const procPath = (key: string): string => path.join("/proc/sys", ...key.split("."));

function read(key: string): number | undefined {
  try {
    return Number(readFileSync(procPath(key), "utf8").trim());
  } catch {
    return undefined;
  }
}

/** `mode` "deploy" raises what the file raises (if allowed); "keep" only reports. */
export function applyKernelSettings(mode: "deploy" | "keep"): KernelSettings {
  const undo: [string, number][] = [];
  const inForce: string[] = [];
  for (const [key, wanted] of parseSysctlConf(readFileSync(CONF, "utf8"))) {
    const current = read(key);
    if (current === undefined) {
      inForce.push(`${key} unknown`);
      continue;
    }
    if (mode === "keep" || current >= wanted) {
      inForce.push(`${key} ${current}`);
      continue;
    }
    try {
      writeFileSync(procPath(key), String(wanted));
      undo.push([key, current]);
      inForce.push(`${key} ${wanted} (raised from ${current} for the run)`);
    } catch {
      inForce.push(`${key} ${current} (not allowed to raise it to ${wanted})`);
    }
  }
  let restored = false;
  const restore = (): void => {
    if (restored) return;
    restored = true;
    for (const [key, value] of undo) {
      try {
        writeFileSync(procPath(key), String(value));
      } catch {
        // Nothing more to do: the report named the value set.
      }
    }
  };
  return { inForce, restore };
}

/**
 * Packets the kernel dropped because a CPU's input queue was full (net.core.netdev_max_backlog), all
 * CPUs together, since boot: the second column of /proc/net/softnet_stat (hexadecimal). Undefined
 * where the file cannot be read.
 */
export function softnetDrops(text?: string): number | undefined {
  let stat = text;
  if (stat === undefined) {
    try {
      stat = readFileSync("/proc/net/softnet_stat", "utf8");
    } catch {
      return undefined;
    }
  }
  let total = 0;
  for (const line of stat.split("\n")) {
    const dropped = line.trim().split(/\s+/)[1];
    if (dropped !== undefined) total += Number.parseInt(dropped, 16);
  }
  return total;
}

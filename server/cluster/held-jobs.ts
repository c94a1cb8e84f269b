// Which singleton jobs this process holds right now: read by GET /api/health (HAProxy checks,
// operators), by listJobLeases() and by the vantage_singleton_held gauge. Kept in a process slot: the
// custom server holds the leases while the Next.js bundle (its own copy of this module) may read them.
import { Gauge } from "prom-client";
import { processSlot } from "../core/process-slot";
import { metrics } from "../observability/metrics";

/** A lease holder in this process: the key tells owners apart (tests run two "nodes" in one process). */
export interface HeldJob {
  name: string;
  owner: string;
}

const slot = processSlot<{ held: Map<string, HeldJob>; gauge: Gauge<"job"> }>("cluster-held-jobs");

const held = (): Map<string, HeldJob> => (slot.held ??= new Map<string, HeldJob>());

const keyOf = (name: string, owner: string): string => `${owner}\u0000${name}`;

function gauge(): Gauge<"job"> {
  return (slot.gauge ??= new Gauge({
    name: "vantage_singleton_held",
    help: "1 while this node holds the lease of the singleton background job (runs it), else 0",
    labelNames: ["job"] as const,
    registers: [metrics().registry],
  }));
}

/** Whether any holder in this process has `owner`'s lease on `name` (a second one must not reclaim it). */
export function heldInProcess(name: string, owner: string): boolean {
  return held().has(keyOf(name, owner));
}

/** A job this node may run: its gauge reads 0 until this node holds it (not absent). */
export function declareJob(name: string): void {
  if (!heldJobNames().includes(name)) gauge().set({ job: name }, 0);
}

export function markHeld(name: string, owner: string): void {
  held().set(keyOf(name, owner), { name, owner });
  gauge().set({ job: name }, 1);
}

export function markReleased(name: string, owner: string): void {
  held().delete(keyOf(name, owner));
  if (!heldJobNames().includes(name)) gauge().set({ job: name }, 0);
}

/** Names of the jobs this process holds, sorted. */
export function heldJobNames(): string[] {
  return [...new Set([...held().values()].map((h) => h.name))].sort();
}

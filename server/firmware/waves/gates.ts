// Gates a stage must pass before it starts: the hook the QoE monitoring (issue 11) registers to hold a
// wave while the devices already upgraded watch worse than before. A gate that says no pauses the
// wave with its reason; a gate that throws counts as no (a broken check never waves a stage through).
import type { WavePlan } from "../../../lib/firmware/wave-schema";
import { processSlot } from "../../core/process-slot";
import type { Prisma } from "../../generated/prisma/client";

export interface GateContext {
  waveId: number;
  /** The stage about to start. */
  stage: number;
  /** Devices of the finished stages that were verified on the new image. */
  verifiedDeviceIds: number[];
  /**
   * The wave step's transaction: a gate reads through it (on the embedded store the step holds the one
   * connection, so a read outside it would wait for the step — forever). Always set by the engine.
   */
  tx?: Prisma.TransactionClient;
  /** The wave's plan as the engine parsed it. */
  plan?: WavePlan;
}

export type GateVerdict = { ok: true } | { ok: false; reason: string };
export type WaveGate = (context: GateContext) => Promise<GateVerdict>;

const slot = processSlot<{ gates: Map<string, WaveGate> }>("waveGates");
const gates = (): Map<string, WaveGate> => (slot.gates ??= new Map<string, WaveGate>());

export function registerWaveGate(name: string, gate: WaveGate): () => void {
  gates().set(name, gate);
  return () => void gates().delete(name);
}

/** The first gate that refuses, with its reason; ok when all pass (or none are registered). */
export async function checkGates(context: GateContext): Promise<GateVerdict> {
  for (const [name, gate] of gates()) {
    try {
      const verdict = await gate(context);
      if (!verdict.ok) return { ok: false, reason: `${name}: ${verdict.reason}` };
    } catch (err) {
      return { ok: false, reason: `${name} failed: ${err instanceof Error ? err.message : String(err)}` };
    }
  }
  return { ok: true };
}

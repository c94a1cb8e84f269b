// This node's heartbeat: the lease "node:<NODE_ID>" in JobLease, renewed while the process lives. Other
// nodes read it when a device's session lock names this node (server/devices/session-locks.ts): once it
// has lapsed the node is dead (SIGKILL, a machine gone), and a new Inform of that device takes the lock
// over at once instead of waiting for the lock itself to expire.
import { settings } from "../env";
import { logger } from "../logger";
import { NODE_LEASE_PREFIX, nodeId } from "../devices/session-locks";
import { acquireLease, releaseLease, renewLease } from "./lease";

/** At most 15 s: long enough for a busy node's stalls, short next to the 60 s a lock lives by default. */
export function heartbeatTtlMs(): number {
  return Math.min(settings().JOB_LEASE_TTL, 15) * 1000;
}

export interface NodeHeartbeat {
  stop(): Promise<void>;
}

export async function startNodeHeartbeat(): Promise<NodeHeartbeat> {
  const log = logger("cluster");
  const name = `${NODE_LEASE_PREFIX}${nodeId()}`;
  const owner = nodeId();
  const ttlMs = heartbeatTtlMs();
  // The name is this node's alone: taken at once, also from a previous run that died.
  let generation = await acquireLease(name, owner, ttlMs, true).catch((err: unknown) => {
    log.warn({ err }, "could not start this node's heartbeat; retrying");
    return undefined;
  });
  let beating: Promise<void> = Promise.resolve();
  const beat = async (): Promise<void> => {
    try {
      if (generation !== undefined && (await renewLease(name, owner, generation, ttlMs))) return;
      generation = await acquireLease(name, owner, ttlMs, true);
    } catch (err) {
      log.warn({ err }, "node heartbeat failed");
    }
  };
  const timer = setInterval(() => {
    beating = beating.then(beat);
  }, ttlMs / 3);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await beating;
      // A clean stop has released this node's locks already: say so at once.
      if (generation !== undefined) await releaseLease(name, owner, generation).catch(() => undefined);
    },
  };
}

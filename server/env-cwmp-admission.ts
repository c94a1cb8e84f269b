// Boot-storm settings of the CWMP listeners: how many sessions a node runs, how it refuses the rest
// and how fast it accepts connections (server/cwmp/session/admission-control.ts, storm-spread.ts,
// server/cwmp/transport/listener-copies.ts).
import { z } from "zod";
import { unsetIfEmpty } from "./env-fields";

export const cwmpAdmissionSettings = {
  /**
   * CWMP sessions one process runs at a time; a new Inform beyond that gets 503 + Retry-After (boot
   * storms). Default: 4 per database connection, at least 64 (80 with the default pool of 20).
   */
  CWMP_MAX_SESSIONS: unsetIfEmpty(z.coerce.number().int().min(1).max(1_000_000).optional()),
  /**
   * Seconds a refused Inform (device locked elsewhere, node full without a schedule) is asked to
   * wait at least; a full node's schedule (CWMP_RETRY_AFTER_MAX) starts at min(this, 2 s).
   */
  CWMP_RETRY_AFTER: z.coerce.number().int().min(1).max(3600).default(10),
  /** Random seconds added to CWMP_RETRY_AFTER per refusal, so refused CPEs do not return together. */
  CWMP_RETRY_AFTER_SPREAD: z.coerce.number().int().min(0).max(3600).default(20),
  /**
   * A full node gives each Inform it refuses the next slot of a schedule spaced at the rate it admits
   * sessions (server/cwmp/session/storm-spread.ts), never more than this many seconds away.
   * CWMP_RETRY_AFTER + CWMP_RETRY_AFTER_SPREAD or less: no schedule, the fixed window only.
   */
  CWMP_RETRY_AFTER_MAX: z.coerce.number().int().min(1).max(3600).default(600),
  /**
   * Informs that may wait for a session to end when the node is full, instead of a 503 at once
   * (server/cwmp/session/admission-line.ts). Default: as many as CWMP_MAX_SESSIONS; 0: none waits.
   */
  CWMP_ADMISSION_QUEUE: unsetIfEmpty(z.coerce.number().int().min(0).max(1_000_000).optional()),
  /** The longest an Inform waits in that line before its 503, ms (CPEs wait 30 s or more for an answer). */
  CWMP_ADMISSION_WAIT_MS: z.coerce.number().int().min(0).max(20_000).default(5000),
  /**
   * Connections a CWMP listener may accept per turn of the event loop (Node 20 accepts one per
   * listening descriptor per turn; the rest are further descriptors of the same socket:
   * server/cwmp/transport/listener-copies.ts). A node busy with a boot storm turns its loop ~50 times a
   * second: with 1, CPEs time out in the kernel's accept queue.
   */
  CWMP_ACCEPTS_PER_TURN: z.coerce.number().int().min(1).max(64).default(16),
  /**
   * While the process's event loop runs later than this (p99 over half a second, ms), only 8
   * sessions are admitted: a CPU-starved node takes fewer sessions and finishes them in time.
   * 0 (default): off. On a shared machine the delay also reflects other processes' load, so it is
   * for dedicated ACS hosts (e.g. 250).
   */
  CWMP_MAX_EVENT_LOOP_DELAY_MS: z.coerce.number().int().min(0).max(60_000).default(0),
};

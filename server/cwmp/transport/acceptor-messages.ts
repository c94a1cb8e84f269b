// What the node and its acceptor processes (acceptors.ts, acceptor-process.ts) tell each other over
// the IPC channel. Both ends are this program, but a message is still checked before use: a malformed
// one is dropped, never trusted.
import { z } from "zod";

const count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const epochMs = z.number().min(0).max(8.64e15);

export const toAcceptor = z.discriminatedUnion("t", [
  /** Once, with the listening socket: how to refuse. */
  z.object({
    t: z.literal("listen"),
    maxSessions: count,
    retryAfter: z.object({ baseSeconds: count, spreadSeconds: count }),
    maxRetryAfterSeconds: count.optional(),
    cookieName: z.string().min(1).max(100),
  }),
  /** Whenever it changed (at most every STATE_EVERY_MS). */
  z.object({
    t: z.literal("state"),
    /** Sessions open in the node, plus connections it received from acceptors not yet answered once. */
    busy: count,
    /** Connections received from this acceptor since it started (it knows what it sent: the rest are in transit). */
    received: count,
    /** Sessions the node admitted since it started (the schedule's rate). */
    admitted: count,
    /** The node's own schedule's last slot. */
    lastSlot: epochMs,
  }),
  /** Stop accepting, finish the refusals under way, exit. */
  z.object({ t: z.literal("close") }),
]);
export type ToAcceptor = z.infer<typeof toAcceptor>;

export const fromAcceptor = z.discriminatedUnion("t", [
  z.object({ t: z.literal("ready") }),
  /** A connection for the node (its socket comes with the message) and the bytes already read from it. */
  z.object({
    t: z.literal("conn"),
    head: z
      .string()
      .max(64 * 1024)
      .optional(),
  }),
  /** Informs refused since the last report, their total handling time, the schedule's last slot. */
  z.object({ t: z.literal("refused"), count, ms: z.number().min(0).max(1e9), lastSlot: epochMs }),
]);
export type FromAcceptor = z.infer<typeof fromAcceptor>;

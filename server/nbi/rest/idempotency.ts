// Idempotency-Key for POSTs that queue work. The handler answers a retry from the stored row before
// any procedure runs (same key + same request -> the first answer, byte for byte; another request ->
// 422). A first call claims the key inside its procedure (`idempotent`) by INSERTING the row before the
// work runs (status 0 = in progress), so a concurrent duplicate hits the primary key and never queues a
// second time. The handler stores the answer the caller got (status + JSON body) once it succeeded, or
// releases the key when it failed, so the caller may retry. Keys expire after 24 h.
import { createHash } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { startPollLoop } from "../../core/poll-loop";
import { db } from "../../db";
import { Prisma } from "../../generated/prisma/client";
import { logger } from "../../logger";
import type { ApiContext } from "./trpc";

export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
const IN_PROGRESS = 0;
const SWEEP_BATCH = 1000;
const SWEEP_MAX_BATCHES = 50;
const SWEEP_EVERY_MS = 10 * 60 * 1000;

export const idempotencyKeySchema = z.string().min(1).max(200);

/** One request's key, filled in by the handler; `claimed` once a procedure inserted the row. */
export interface IdempotencyClaim {
  tokenId: number;
  key: string;
  requestHash: string;
  claimed: boolean;
}

/** Same method, path and JSON body (whitespace aside) = the same request. */
export function requestHashOf(method: string, path: string, body: string): string {
  let canonical = body;
  try {
    canonical = JSON.stringify(JSON.parse(body));
  } catch {
    // not JSON: the raw text (the router refuses it anyway)
  }
  return createHash("sha256").update(`${method} ${path}\n${canonical}`).digest("hex");
}

/** Thrown by a procedure whose key was claimed by another request: the handler answers from the row. */
export class IdempotencyTaken extends Error {
  constructor() {
    super("Idempotency-Key already used");
    this.name = "IdempotencyTaken";
  }
}

export type StoredAnswer =
  | { kind: "none" }
  | { kind: "replay"; status: number; body: unknown }
  | { kind: "mismatch" }
  | { kind: "in_progress" };

export async function storedAnswer(claim: IdempotencyClaim): Promise<StoredAnswer> {
  const row = await db().idempotencyKey.findUnique({
    where: { tokenId_key: { tokenId: claim.tokenId, key: claim.key } },
  });
  if (!row) return { kind: "none" };
  if (row.requestHash !== claim.requestHash) return { kind: "mismatch" };
  if (row.status === IN_PROGRESS) return { kind: "in_progress" };
  return { kind: "replay", status: row.status, body: row.body };
}

/**
 * Runs `work` once per (token, Idempotency-Key); without a key it just runs. `_input` is unused (the
 * handler hashes the raw request) and kept so resource files read naturally.
 */
export async function idempotent<T>(ctx: ApiContext, _input: unknown, work: () => Promise<T>): Promise<T> {
  const claim = ctx.idempotency;
  if (!claim) return work();
  try {
    await db().idempotencyKey.create({
      data: {
        tokenId: claim.tokenId,
        key: claim.key,
        requestHash: claim.requestHash,
        status: IN_PROGRESS,
        body: Prisma.JsonNull,
      },
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new TRPCError({
        code: "CONFLICT",
        message: "Idempotency-Key already used",
        cause: new IdempotencyTaken(),
      });
    }
    throw error;
  }
  claim.claimed = true;
  return work();
}

/** After the procedure: keep the answer the caller got, or release the key of a failed attempt. */
export async function settleClaim(claim: IdempotencyClaim, status: number, body: unknown): Promise<void> {
  if (!claim.claimed) return;
  const where = { tokenId: claim.tokenId, key: claim.key, status: IN_PROGRESS };
  if (status >= 200 && status < 300) {
    await db().idempotencyKey.updateMany({
      where,
      data: {
        status,
        body: body === null || body === undefined ? Prisma.JsonNull : (body as Prisma.InputJsonValue),
      },
    });
  } else {
    await db().idempotencyKey.deleteMany({ where });
  }
}

/** Deletes keys older than 24 h, a bounded number of batches per run. Returns how many went. */
export async function sweepIdempotencyKeys(
  now = new Date(),
  stopped: () => boolean = () => false,
): Promise<number> {
  const before = new Date(now.getTime() - IDEMPOTENCY_TTL_MS);
  let total = 0;
  for (let i = 0; i < SWEEP_MAX_BATCHES && !stopped(); i++) {
    const deleted = await db().$executeRaw`
      DELETE FROM "IdempotencyKey" WHERE ("tokenId", "key") IN (
        SELECT "tokenId", "key" FROM "IdempotencyKey" WHERE "createdAt" < ${before} LIMIT ${SWEEP_BATCH})`;
    total += deleted;
    if (deleted < SWEEP_BATCH) break;
  }
  return total;
}

/** The expiry loop (every 10 min); the server starts it and stops it on close. */
export function startIdempotencySweep(everyMs = SWEEP_EVERY_MS): {
  stop(): Promise<void>;
  tick(): Promise<void>;
} {
  return startPollLoop(
    everyMs,
    async (stopped) => {
      const n = await sweepIdempotencyKeys(new Date(), stopped);
      if (n > 0) logger("nbi").info({ deleted: n }, "expired idempotency keys deleted");
    },
    (err) => logger("nbi").error({ err }, "idempotency key sweep failed"),
  );
}

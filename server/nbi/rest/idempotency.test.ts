// Idempotency keys on a real database: the expiry sweep deletes only keys older than 24 h; a failed
// first attempt releases its key; the handler refuses a malformed key, an oversized body (413) and
// never shows an internal error's details.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore, type Store } from "../../database/connect";
import { db } from "../../db";
import { overrideSettings } from "../../env";
import { Prisma } from "../../generated/prisma/client";
import { handleApiRequest } from "./handler";
import { IDEMPOTENCY_TTL_MS, startIdempotencySweep, sweepIdempotencyKeys } from "./idempotency";
import { addTestToken } from "./test-tokens";

let store: Store;
let token: string;
let tokenId: number;

beforeAll(async () => {
  overrideSettings({ LOG_LEVEL: "silent", WEB_MAX_BODY_BYTES: "2048" });
  store = await openStore({ dataDir: "memory:" });
  ({ token, tokenId } = await addTestToken({ role: "helpdesk" }));
});

afterAll(async () => {
  await store.close();
});

const post = (path: string, body: string, headers: Record<string, string> = {}) =>
  handleApiRequest(
    new Request(`http://127.0.0.1/api/v1${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...headers },
      body,
    }),
  );

interface ErrorBody {
  error: { code: string; message: string; fieldErrors?: Record<string, string[]> };
}

describe("idempotency keys", () => {
  it("sweeps keys older than 24 h and keeps newer ones", async () => {
    const now = new Date();
    const old = new Date(now.getTime() - IDEMPOTENCY_TTL_MS - 60_000);
    const fresh = new Date(now.getTime() - IDEMPOTENCY_TTL_MS + 60_000);
    await db().idempotencyKey.createMany({
      data: [
        { tokenId, key: "old-1", requestHash: "x", status: 200, body: {}, createdAt: old },
        { tokenId, key: "old-2", requestHash: "x", status: 0, body: Prisma.JsonNull, createdAt: old },
        { tokenId, key: "fresh", requestHash: "x", status: 200, body: {}, createdAt: fresh },
      ],
    });
    expect(await sweepIdempotencyKeys(now)).toBe(2);
    expect((await db().idempotencyKey.findMany({ select: { key: true } })).map((k) => k.key)).toEqual([
      "fresh",
    ]);
    const loop = startIdempotencySweep(60_000);
    await loop.tick();
    await loop.stop();
  });

  it("releases the key of a failed first attempt (a retry may queue)", async () => {
    const failed = await post("/devices/424242/tasks", JSON.stringify({ name: "Reboot" }), {
      "idempotency-key": "k1",
    });
    expect(failed.status).toBe(404);
    expect(await db().idempotencyKey.count({ where: { key: "k1" } })).toBe(0);
  });

  it("refuses a malformed key (422), an oversized body (413) and unparsable JSON (400)", async () => {
    const long = await post("/devices/1/tasks", "{}", { "idempotency-key": "k".repeat(201) });
    expect(long.status).toBe(422);
    expect(((await long.json()) as ErrorBody).error.fieldErrors).toHaveProperty("Idempotency-Key");
    const big = await post("/devices/1/tasks", JSON.stringify({ name: "Reboot", pad: "x".repeat(4000) }));
    expect(big.status).toBe(413);
    expect(((await big.json()) as ErrorBody).error.code).toBe("bad_request");
    const broken = await post("/devices/1/tasks", "{not json");
    expect(broken.status).toBe(400);
    const body = (await broken.json()) as ErrorBody;
    expect(body.error.code).toBe("bad_request");
    expect(JSON.stringify(body)).not.toMatch(/at \w+ \(|SELECT|node_modules/);
  });
});

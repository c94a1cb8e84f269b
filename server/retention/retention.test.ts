import { existsSync, utimesSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { useMemoryStoreWithDevice } from "../../tests/support/memory-store";
import { db } from "../db";
import { recordNonceUse } from "../devices/digest-nonces";
import { overrideSettings } from "../env";
import { storeDir } from "../firmware/paths";
import type { TaskState } from "../generated/prisma/enums";
import { RETENTION_BATCH, runRetention, startRetention } from "./retention";

const now = new Date("2026-12-01T12:00:00Z");
const daysAgo = (d: number): Date => new Date(now.getTime() - d * 24 * 60 * 60 * 1000);
const store = useMemoryStoreWithDevice({ serialNumber: "RET-1", productClass: "STB" });
let deviceId = 0;
beforeAll(() => {
  deviceId = store.deviceId();
});

async function seedTasks(): Promise<void> {
  const task = (state: TaskState, completedDaysAgo: number | null, name: string) => ({
    deviceId,
    name,
    request: {},
    state,
    completedAt: completedDaysAgo === null ? null : daysAgo(completedDaysAgo),
  });
  await db().task.createMany({
    data: [
      task("done", 120, "old-done"),
      task("fault", 100, "old-fault"),
      task("cancelled", 95, "old-cancelled"),
      task("expired", 91, "old-expired"),
      task("done", 10, "young-done"),
      // Unfinished work is never deleted, however old.
      task("queued", null, "queued"),
      task("sent", null, "sent"),
      task("waiting", 200, "waiting"),
    ],
  });
}

describe("runRetention", () => {
  it("deletes only rows past their age, in bounded batches, and finished tasks by completion", async () => {
    // More old inform events than one statement deletes, then young ones (ids grow with time).
    const oldInforms = RETENTION_BATCH * 2 + 17;
    await db().informEvent.createMany({
      data: Array.from({ length: oldInforms }, (_, i) => ({
        deviceId,
        receivedAt: daysAgo(60 - i / oldInforms),
        events: ["2 PERIODIC"],
        commandKeys: [""],
      })),
    });
    await db().informEvent.createMany({
      data: [29, 5, 0].map((d) => ({
        deviceId,
        receivedAt: daysAgo(d),
        events: ["2 PERIODIC"],
        commandKeys: [""],
      })),
    });
    await db().deviceEvent.createMany({
      data: [200, 91, 89, 1].map((d) => ({ deviceId, receivedAt: daysAgo(d), type: `t${d}`, payload: {} })),
    });
    await db().deviceFault.createMany({
      data: [365, 90.5, 30].map((d) => ({ deviceId, at: daysAgo(d), code: 9000, message: `f${d}` })),
    });
    await seedTasks();
    // Digest nonce-counts: kept until their nonce's life is over.
    await recordNonceUse("expired.n", 3, new Date(now.getTime() - 1000));
    await recordNonceUse("live.n", 1, new Date(now.getTime() + 60_000));
    // Transfer grants: deleted a day after they expire.
    const grant = (name: string, expiresAt: Date) => ({
      username: name,
      ha1: "x",
      passwordSha256: "x",
      purpose: "download",
      deviceId,
      expiresAt,
    });
    await db().fileGrant.createMany({ data: [grant("g-old", daysAgo(2)), grant("g-recent", daysAgo(0.5))] });
    // Store files: one without a row (deleted), one without a row but written just now (an upload in
    // progress), one with its row.
    const file = (name: string, mtime: Date) => {
      const at = path.join(storeDir("uploads"), name);
      writeFileSync(at, "x");
      utimesSync(at, mtime, mtime);
      return at;
    };
    const orphan = file("aa".repeat(16), daysAgo(1));
    const writing = file("bb".repeat(16), now);
    const kept = file("cc".repeat(16), daysAgo(1));
    await db().deviceFile.create({
      data: {
        deviceId,
        fileType: "1 Vendor Configuration File",
        fileName: "c",
        storageName: "cc".repeat(16),
        size: 1n,
        sha256: "x",
      },
    });

    const result = await runRetention(now, { informDays: 30, eventDays: 90, taskDays: 90 });
    expect(result).toEqual({
      informEvents: oldInforms,
      informPartitions: 0,
      deviceEvents: 2,
      deviceFaults: 2,
      tasks: 4,
      digestNonces: 1,
      fileGrants: 1,
      orphanFiles: 1,
      complete: true,
    });
    expect((await db().fileGrant.findMany()).map((g) => g.username)).toEqual(["g-recent"]);
    expect([existsSync(orphan), existsSync(writing), existsSync(kept)]).toEqual([false, true, true]);
    expect((await db().digestNonce.findMany()).map((n) => n.nonce)).toEqual(["live.n"]);
    const informs = await db().informEvent.findMany({ select: { receivedAt: true }, orderBy: { id: "asc" } });
    expect(informs.map((r) => r.receivedAt)).toEqual([daysAgo(29), daysAgo(5), daysAgo(0)]);
    expect((await db().deviceEvent.findMany({ orderBy: { id: "asc" } })).map((e) => e.type)).toEqual([
      "t89",
      "t1",
    ]);
    expect((await db().deviceFault.findMany({ orderBy: { id: "asc" } })).map((f) => f.message)).toEqual([
      "f30",
    ]);
    expect((await db().task.findMany({ orderBy: { id: "asc" } })).map((t) => t.name)).toEqual([
      "young-done",
      "queued",
      "sent",
      "waiting",
    ]);

    // Nothing left to do: a second run deletes nothing.
    expect(await runRetention(now, { informDays: 30, eventDays: 90, taskDays: 90 })).toMatchObject({
      informEvents: 0,
      tasks: 0,
      complete: true,
    });
  }, 60_000);

  it("runs in the background with the configured ages and stops", async () => {
    overrideSettings({ LOG_LEVEL: "silent", RETENTION_INFORM_DAYS: "1" });
    const at = (ms: number) => ({
      deviceId,
      receivedAt: new Date(Date.now() - ms),
      events: [],
      commandKeys: [],
    });
    const old = await db().informEvent.create({ data: at(2 * 24 * 60 * 60 * 1000) });
    const young = await db().informEvent.create({ data: at(60_000) });
    const loop = startRetention({ firstRunMs: 10, intervalMs: 60_000 });
    try {
      const deadline = Date.now() + 10_000;
      while ((await db().informEvent.findFirst({ where: { id: old.id } })) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 50));
      }
    } finally {
      await loop.stop();
    }
    expect(await db().informEvent.findFirst({ where: { id: old.id } })).toBeNull();
    expect(await db().informEvent.findFirst({ where: { id: young.id } })).not.toBeNull();
  });
});

// The FLUTE session lease on a real (embedded) database: one node claims a free session, a second node
// cannot while the lease holds, takes it over once it has run out, and only the holder writes counters.
import { describe, expect, it } from "vitest";
import { db } from "../../db";
import { useMemoryStoreWithDevice } from "../../../tests/support/memory-store";
import {
  claimSessions,
  endExpiredSessions,
  markFailed,
  markSenderStarted,
  releaseSessions,
  writeProgress,
} from "./lease";

useMemoryStoreWithDevice({ serialNumber: "LEASE1" });

const LEASE_MS = 15_000;
const at = (s: number) => new Date(Date.UTC(2030, 0, 1, 0, 0, s));

async function newSession(endsAt: Date) {
  const image = await db().firmwareImage.create({
    data: {
      fileName: "fw.bin",
      storageName: `s${Math.random().toString(16).slice(2)}`,
      size: 10n,
      sha256: "0".repeat(64),
      md5: "0".repeat(32),
      fileType: "1 Firmware Upgrade Image",
      version: "1.0",
      originator: "test",
    },
  });
  return db().fluteSession.create({
    data: {
      imageId: image.id,
      tsi: 7n,
      sourceAddress: "",
      groupAddress: "239.255.42.1",
      port: 4001,
      rateKbps: 1000,
      symbolSize: 1428,
      maxBlockLength: 64,
      endsAt,
    },
  });
}

describe("FLUTE session lease", () => {
  it("is held by one node, renewed by it, taken over by another only once expired", async () => {
    const s = await newSession(at(3600));
    const a = await claimSessions("node-a", at(0), LEASE_MS, 8);
    expect(a.map((x) => x.id)).toEqual([s.id]);
    expect(a[0]).toMatchObject({ ownerNode: "node-a", state: "sending" });
    expect(a[0]!.leaseUntil).toEqual(at(15));

    // While A's lease holds, B gets nothing; A renews.
    expect(await claimSessions("node-b", at(10), LEASE_MS, 8)).toEqual([]);
    const renewed = await claimSessions("node-a", at(10), LEASE_MS, 8);
    expect(renewed[0]!.leaseUntil).toEqual(at(25));
    expect(await claimSessions("node-b", at(20), LEASE_MS, 8)).toEqual([]);

    // A stops renewing (crashed): after the lease B takes over, with A's counters kept.
    expect(await writeProgress(s.id, "node-a", { passes: 2, packetsSent: 100, bytesSent: 150_000 })).toBe(
      true,
    );
    const b = await claimSessions("node-b", at(26), LEASE_MS, 8);
    expect(b.map((x) => x.id)).toEqual([s.id]);
    expect(b[0]).toMatchObject({ ownerNode: "node-b", passes: 2, bytesSent: 150_000n });
    expect(b[0]!.startedAt).toEqual(at(0));

    // The old holder can no longer write or fail it; the new one can.
    expect(await writeProgress(s.id, "node-a", { passes: 99, packetsSent: 0, bytesSent: 0 })).toBe(false);
    await markFailed(s.id, "node-a", "late error", at(27));
    expect((await db().fluteSession.findUniqueOrThrow({ where: { id: s.id } })).state).toBe("sending");
    expect(await claimSessions("node-a", at(27), LEASE_MS, 8)).toEqual([]);
  });

  it("hands a session over at shutdown, and ends it at endsAt whoever holds it", async () => {
    const s = await newSession(at(100));
    await claimSessions("node-c", at(50), LEASE_MS, 8);
    expect(await releaseSessions("node-c")).toBeGreaterThanOrEqual(1);
    const d = await claimSessions("node-d", at(51), LEASE_MS, 8);
    expect(d.map((x) => x.id)).toContain(s.id);
    // Past its end: nobody claims it, and it is done.
    expect((await claimSessions("node-d", at(100), LEASE_MS, 8)).map((x) => x.id)).not.toContain(s.id);
    expect(await endExpiredSessions(at(100))).toBeGreaterThanOrEqual(1);
    const row = await db().fluteSession.findUniqueOrThrow({ where: { id: s.id } });
    expect(row.state).toBe("done");
    expect(row.endedAt).toEqual(at(100));
  });

  it("says when the sender's figures are final: set when it stops, cleared when one starts again", async () => {
    const s = await newSession(at(3600));
    await claimSessions("node-e", at(0), LEASE_MS, 8);
    await markSenderStarted(s.id, "node-e");
    await writeProgress(s.id, "node-e", { passes: 1, packetsSent: 10, bytesSent: 1_000 });
    const read = () => db().fluteSession.findUniqueOrThrow({ where: { id: s.id } });
    expect((await read()).senderEndedAt).toBeNull();
    await writeProgress(s.id, "node-e", { passes: 3, packetsSent: 30, bytesSent: 3_000 }, at(5));
    expect(await read()).toMatchObject({ passes: 3, senderEndedAt: at(5) });
    // Another node cannot clear it, the holder can (its sender starts again).
    await markSenderStarted(s.id, "node-f");
    expect((await read()).senderEndedAt).toEqual(at(5));
    await markSenderStarted(s.id, "node-e");
    expect((await read()).senderEndedAt).toBeNull();
    // A sender that failed is not sending either.
    await markFailed(s.id, "node-e", "socket error", at(7));
    expect(await read()).toMatchObject({ state: "failed", senderEndedAt: at(7) });
  });
});

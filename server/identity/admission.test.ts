// The admission decision against a real (in-memory) store: who is admitted, what is written for a
// refused BOOTSTRAP (one open conflict counting attempts), and the settings that turn refusal off.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openStore, type Store } from "../database/connect";
import { db } from "../db";
import { overrideSettings } from "../env";
import { admitInform, BOOTSTRAP_REFUSED, SHARED_REFUSED, type AdmissionInput } from "./admission";

let store: Store;
let deviceId = 0;
const ID = { oui: "00D09E", productClass: "IPTV-STB", serialNumber: "ADM-1", manufacturer: "Acme" };

const input = (over: Partial<AdmissionInput> = {}): AdmissionInput => ({
  principal: { kind: "shared" },
  deviceId: ID,
  eventCodes: ["0 BOOTSTRAP", "1 BOOT"],
  remoteAddress: "127.0.0.1",
  ...over,
});
const credentials = () =>
  db().device.findUniqueOrThrow({
    where: { id: deviceId },
    select: { cwmpUsername: true, cwmpHa1: true, cwmpPendingUsername: true, cwmpPendingHa1: true },
  });

beforeAll(async () => {
  overrideSettings({ LOG_LEVEL: "silent" });
  store = await openStore({ dataDir: "memory:" });
});
afterAll(async () => {
  await store.close();
});
beforeEach(async () => {
  overrideSettings({ LOG_LEVEL: "silent", CWMP_REFUSE_SHARED_CREDENTIALS: "true" });
  await db().device.deleteMany();
  deviceId = (
    await db().device.create({
      data: { ...ID, cwmpPendingUsername: "adm-next", cwmpPendingHa1: "pending-ha1" },
    })
  ).id;
});

describe("admitInform", () => {
  it("admits shared credentials for unknown devices and devices without confirmed ones", async () => {
    expect(await admitInform(input({ deviceId: { ...ID, serialNumber: "NEW" } }))).toEqual({
      admitted: true,
    });
    expect(await admitInform(input())).toEqual({ admitted: true });
    expect(await db().identityConflict.count()).toBe(0);
  });

  it("confirms pending credentials at their first session", async () => {
    const principal = { kind: "device", username: "adm-next", pending: true } as const;
    expect(await admitInform(input({ principal }))).toEqual({ admitted: true });
    expect(await credentials()).toEqual({
      cwmpUsername: "adm-next",
      cwmpHa1: "pending-ha1",
      cwmpPendingUsername: null,
      cwmpPendingHa1: null,
    });
    const device = await db().device.findUniqueOrThrow({ where: { id: deviceId } });
    expect(Math.abs(device.cwmpCredentialsConfirmedAt!.getTime() - Date.now())).toBeLessThan(60_000);
  });

  it("refuses shared credentials once confirmed; a BOOTSTRAP opens one conflict counting attempts", async () => {
    await admitInform(input({ principal: { kind: "device", username: "adm-next", pending: true } }));
    expect(await admitInform(input({ eventCodes: ["2 PERIODIC"] }))).toEqual({
      admitted: false,
      reason: SHARED_REFUSED,
    });
    expect(await db().identityConflict.count()).toBe(0);
    for (let i = 0; i < 3; i++)
      expect(await admitInform(input({ remoteAddress: `127.0.0.${i + 1}` }))).toEqual({
        admitted: false,
        reason: BOOTSTRAP_REFUSED,
      });
    const conflicts = await db().identityConflict.findMany();
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]).toMatchObject({
      deviceId,
      state: "open",
      attempts: 3,
      remoteAddress: "127.0.0.3",
      eventCodes: ["0 BOOTSTRAP", "1 BOOT"],
    });
    expect(conflicts[0]!.lastAt.getTime()).toBeGreaterThanOrEqual(conflicts[0]!.firstAt.getTime());
    // Its own confirmed credentials and CWMP_AUTH=none are admitted.
    expect(
      await admitInform(input({ principal: { kind: "device", username: "adm-next", pending: false } })),
    ).toEqual({ admitted: true });
    expect(await admitInform(input({ principal: { kind: "none" } }))).toEqual({ admitted: true });
  });

  it("admits shared credentials everywhere with CWMP_REFUSE_SHARED_CREDENTIALS off", async () => {
    await db().device.update({ where: { id: deviceId }, data: { cwmpUsername: "own", cwmpHa1: "x" } });
    overrideSettings({ LOG_LEVEL: "silent", CWMP_REFUSE_SHARED_CREDENTIALS: "false" });
    expect(await admitInform(input())).toEqual({ admitted: true });
    expect(await db().identityConflict.count()).toBe(0);
  });
});

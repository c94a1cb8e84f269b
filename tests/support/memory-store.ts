// For unit tests of services on a real (embedded, in-memory) database: opens the store before the
// file's tests and closes it after, with the settings given, and makes one device to work on.
import { afterAll, beforeAll } from "vitest";
import { openStore, type Store } from "../../server/database/connect";
import { db } from "../../server/db";
import { overrideSettings } from "../../server/env";

export interface MemoryStore {
  /** The device made for the file's tests (valid once beforeAll ran). */
  deviceId(): number;
}

export function useMemoryStoreWithDevice(
  device: { serialNumber: string; productClass?: string },
  settings: Record<string, string> = {},
): MemoryStore {
  let store: Store | undefined;
  let id = 0;
  beforeAll(async () => {
    overrideSettings({ LOG_LEVEL: "silent", ...settings });
    store = await openStore({ dataDir: "memory:" });
    const row = await db().device.create({
      data: {
        oui: "00D09E",
        productClass: device.productClass ?? "HGW",
        serialNumber: device.serialNumber,
        manufacturer: "Test",
      },
    });
    id = row.id;
  }, 60_000);
  afterAll(async () => {
    await store?.close();
  });
  return { deviceId: () => id };
}

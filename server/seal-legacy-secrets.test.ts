import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore, type Store } from "./database/connect";
import { db } from "./db";
import { overrideSettings } from "./env";
import { sealLegacySecretsOnce } from "./seal-legacy-secrets";
import { isSealed } from "./secrets-file";

let store: Store;
beforeAll(async () => {
  overrideSettings({ LOG_LEVEL: "silent" });
  store = await openStore({ dataDir: "memory:" });
});
afterAll(() => store.close());

const device = (serial: string, password: string) =>
  db().device.create({
    data: {
      oui: "00D09E",
      productClass: "HGW",
      manufacturer: "T",
      serialNumber: serial,
      connectionRequestPassword: password,
    },
    select: { id: true },
  });
const stored = async (id: number) =>
  (await db().device.findUniqueOrThrow({ where: { id }, select: { connectionRequestPassword: true } }))
    .connectionRequestPassword ?? "";

describe("sealing legacy credentials at start-up", () => {
  it("runs one complete pass per database, not a scan on every boot", async () => {
    const legacy = await device("LEGACY-1", "clear-text-1");
    expect(await sealLegacySecretsOnce()).toMatchObject({ devices: 1 });
    expect(isSealed(await stored(legacy.id))).toBe(true);
    // A later boot: the pass is recorded as done and nothing is scanned again.
    const later = await device("LEGACY-2", "clear-text-2");
    expect(await sealLegacySecretsOnce()).toBeNull();
    expect(await stored(later.id)).toBe("clear-text-2");
  });
});

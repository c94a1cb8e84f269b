// Direct database access for e2e tests: seed rows the UI should show and check rows the UI should write.
import { readFileSync } from "node:fs";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../../server/generated/prisma/client";
import type { DeviceKind } from "../../server/generated/prisma/enums";
import { DATA_DIR_ENV } from "./constants";

let client: PrismaClient | undefined;

/** A client on the server's store; the server writes its URL to <DATA_DIR>/db-url at start-up. */
export function testDb(): PrismaClient {
  if (client) return client;
  const dataDir = process.env[DATA_DIR_ENV];
  if (!dataDir) throw new Error(`${DATA_DIR_ENV} is not set: run the tests through playwright.config.ts`);
  const url = readFileSync(path.join(dataDir, "db-url"), "utf8").trim();
  // One connection: the embedded PGlite store serves connections one statement at a time anyway.
  client = new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 1 }) });
  return client;
}

export async function closeTestDb(): Promise<void> {
  await client?.$disconnect();
  client = undefined;
}

export interface SeedDevice {
  serialNumber: string;
  kind: DeviceKind;
  productClass: string;
  modelName: string;
  softwareVersion: string;
  ipAddress: string;
  /** Seconds before now of the last Inform. */
  lastInformAgoS: number;
}

/**
 * Sets devices' last Inform times: they live on DeviceLastInform (one row per device), which a
 * createMany cannot write nested.
 */
export async function setLastInforms(rows: { id: number; informedAt: Date | null }[]): Promise<void> {
  const db = testDb();
  await db.$transaction(
    rows.map(({ id, informedAt }) =>
      db.deviceLastInform.upsert({
        where: { deviceId: id },
        create: { deviceId: id, informedAt },
        update: { informedAt },
      }),
    ),
  );
}

export async function seedDevices(devices: SeedDevice[]): Promise<void> {
  const now = Date.now();
  const created = await testDb().device.createManyAndReturn({
    select: { id: true, serialNumber: true },
    data: devices.map((d) => ({
      oui: "00D09E",
      manufacturer: "Vantage Test",
      serialNumber: d.serialNumber,
      kind: d.kind,
      productClass: d.productClass,
      modelName: d.modelName,
      softwareVersion: d.softwareVersion,
      ipAddress: d.ipAddress,
      periodicInformInterval: 300,
    })),
  });
  const agoS = new Map(devices.map((d) => [d.serialNumber, d.lastInformAgoS]));
  await setLastInforms(
    created.map(({ id, serialNumber }) => ({
      id,
      informedAt: new Date(now - (agoS.get(serialNumber) ?? 0) * 1000),
    })),
  );
}

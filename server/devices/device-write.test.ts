// An answer's write to its device row on a real (embedded) database: values merged and every kind of
// column (text, the kind enum, bigint, timestamp, null) set by the one statement.
import { describe, expect, it } from "vitest";
import { useMemoryStoreWithDevice } from "../../tests/support/memory-store";
import { db } from "../db";
import { writeDevice, type DeviceColumns } from "./device-write";

const store = useMemoryStoreWithDevice({ serialNumber: "WRITE1", productClass: "STB" });

describe("writeDevice", () => {
  it("merges the values and sets the columns in one UPDATE", async () => {
    const id = store.deviceId();
    const fullReadAt = new Date("2026-12-04T05:06:07.089Z");
    await db().device.update({ where: { id }, data: { fullReadFailedAt: new Date(), informHash: "h" } });
    const statements: string[] = [];
    await db().$transaction(async (tx) => {
      const spy = new Proxy(tx, {
        get: (target, key, receiver) =>
          key === "$executeRawUnsafe"
            ? (sql: string, ...params: unknown[]) => {
                statements.push(sql);
                return target.$executeRawUnsafe(sql, ...params);
              }
            : (Reflect.get(target, key, receiver) as unknown),
      });
      await writeDevice(
        spy,
        id,
        { "Device.DeviceInfo.ModelName": { v: "Box 9", t: "string", ts: 5 } },
        {
          rootObject: "Device",
          kind: "STB",
          modelName: "Box 9",
          periodicInformInterval: 4_294_967_295,
          fullReadAt,
          fullReadFailedAt: null,
          connectionRequestUsername: "cr-user",
          // Not a column an answer sets: ignored, never put into the statement.
          ...({ "notes\" = 'x', \"tags": "y" } as DeviceColumns),
        },
      );
    });
    expect(statements).toHaveLength(1);
    expect(statements[0]).not.toContain("notes");
    const device = await db().device.findUniqueOrThrow({ where: { id } });
    expect(device).toMatchObject({
      rootObject: "Device",
      kind: "STB",
      modelName: "Box 9",
      periodicInformInterval: 4_294_967_295n,
      fullReadAt,
      fullReadFailedAt: null,
      connectionRequestUsername: "cr-user",
      informHash: null,
    });
    expect((device.parameters as Record<string, { v?: string }>)["Device.DeviceInfo.ModelName"]?.v).toBe(
      "Box 9",
    );
  });

  it("writes nothing for nothing", async () => {
    const before = await db().device.findUniqueOrThrow({ where: { id: store.deviceId() } });
    await db().$transaction((tx) => writeDevice(tx, store.deviceId(), {}, {}));
    expect(await db().device.findUniqueOrThrow({ where: { id: store.deviceId() } })).toEqual(before);
  });
});

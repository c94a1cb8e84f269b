import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DNG_VENDORS, STB_VENDORS } from "../../../sim/vendors";
import { openStore, type Store } from "../../database/connect";
import { db } from "../../db";
import { overrideSettings } from "../../env";
import { nextVersion, seedDemoStore } from "./demo-images";

let store: Store;
let admin = { id: 0, username: "admin" };

beforeAll(async () => {
  overrideSettings({ LOG_LEVEL: "silent" });
  store = await openStore({ dataDir: "memory:" });
  admin = await db().operator.create({
    data: { username: "admin", role: "admin", passwordHash: "x" },
    select: { id: true, username: true },
  });
});

afterAll(async () => {
  await store.close();
});

describe("demo store", () => {
  it("bumps the newest version's last number, keeping its padding", () => {
    expect(nextVersion(["20.3.c.0389", "20.4.0.0412"])).toBe("20.4.0.0413");
    expect(nextVersion(["154.07.57", "154.07.29"])).toBe("154.07.58");
    expect(nextVersion(["SG5670-4.12.2", "SG5670-4.14.0"])).toBe("SG5670-4.14.1");
    expect(nextVersion(["3.1.12", "3.2.4"])).toBe("3.2.5");
  });

  it("publishes one signed image per simulated model, once", async () => {
    const models = DNG_VENDORS.length + STB_VENDORS.length;
    expect(await seedDemoStore(admin)).toBe(models);
    expect(await seedDemoStore(admin)).toBe(0);
    const images = await db().firmwareImage.findMany();
    expect(images).toHaveLength(models);
    expect(images.every((i) => i.state === "published" && i.keyId !== null)).toBe(true);
    expect(await db().firmwareKey.count()).toBe(1);
    for (const v of [...DNG_VENDORS, ...STB_VENDORS]) {
      const image = images.find((i) => i.productClasses.includes(v.productClass));
      expect(v.softwareVersions).not.toContain(image?.version);
    }
  });
});

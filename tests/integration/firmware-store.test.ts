// The software store end to end below the HTTP route: an upload streamed through the ingest service,
// then the firmware router as each role calls it (list, publish with its event, block, delete refused
// while a wave uses the image), the offered-images rule RequestDownload relies on, the feed, and keys.
import { Readable } from "node:stream";
import { existsSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerAs, errorCodeOf } from "../../server/api/test-callers";
import { db } from "../../server/db";
import { storeDir } from "../../server/firmware/paths";
import { ingestImage } from "../../server/firmware/images/ingest";
import { offeredImagesFor } from "../../server/firmware/images/offered";
import { signImage } from "../../server/firmware/signature";
import { makeSimImage } from "../../sim/firmware-image";
import { addTestImage, DEMO_PRIVATE_KEY, DEMO_PUBLIC_KEY, trustDemoKey } from "../support/firmware";
import { startTestServer, type TestServer } from "../support/test-server";

let server: TestServer;
const ops = { admin: 0, product: 0, viewer: 0 };
const as = (role: keyof typeof ops) => callerAs({ id: ops[role], username: role, role });
const DGA = { oui: "00147F", productClass: "DGA4132", hardwareVersion: "VCNT-A" };

beforeAll(async () => {
  server = await startTestServer();
  for (const role of ["product", "viewer"] as const)
    ops[role] = (await db().operator.create({ data: { username: role, role, passwordHash: "x" } })).id;
  ops.admin = (await db().operator.findFirstOrThrow({ where: { role: "admin" } })).id;
  await trustDemoKey();
  for (const [i, v] of ["20.3.c.0389", "20.3.c.0389", "20.4.0.0412"].entries())
    await db().device.create({
      data: { ...DGA, serialNumber: `CP${i}`, manufacturer: "Technicolor", softwareVersion: v },
    });
  await db().device.create({
    data: {
      oui: "C0D044",
      productClass: "FAST5670",
      serialNumber: "SG1",
      manufacturer: "Sagemcom",
      softwareVersion: "1",
    },
  });
});

afterAll(async () => {
  await server.close();
});

async function upload(version: string, extra: object = {}) {
  const bytes = makeSimImage({ version, productClasses: ["DGA4132"] }, 100_000);
  return ingestImage(Readable.from([bytes.subarray(0, 40_000), bytes.subarray(40_000)]), {
    meta: {
      fileName: `dga-${version}.bin`,
      fileType: "1 Firmware Upgrade Image",
      version,
      originator: "Technicolor",
      productClasses: ["DGA4132"],
      ...extra,
    },
    signature: signImage(DEMO_PRIVATE_KEY, bytes).toString("base64"),
    declaredSize: bytes.length,
    actor: { id: ops.product, username: "product" },
  });
}

describe("software store", () => {
  it("lists an upload as a draft, publishes it with its eligible devices and an image.published event", async () => {
    const { id } = await upload("20.4.0.0412", { fromVersions: "20.3.c.0389" });
    const listed = await as("viewer").firmware.list({ state: "draft" });
    expect(listed.map((i) => i.id)).toContain(id);
    const image = await as("viewer").firmware.get({ id });
    expect(image).toMatchObject({
      signed: true,
      state: "draft",
      key: { name: "Demo originator", revoked: false },
    });
    expect(JSON.stringify(image)).not.toMatch(/storageName|BEGIN/);

    expect(await errorCodeOf(as("viewer").firmware.publish({ id }))).toBe("FORBIDDEN");
    const eligible = await as("viewer").firmware.eligible({ id });
    expect(eligible.devices.map((d) => d.serialNumber)).toEqual(["CP0", "CP1"]);

    const published = await as("product").firmware.publish({ id });
    expect(published.image.state).toBe("published");
    expect(published.eligible.count).toBe(2);
    const event = await db().outboxEvent.findFirstOrThrow({ where: { type: "image.published" } });
    expect(event.payload).toEqual({
      imageId: id,
      version: "20.4.0.0412",
      fileType: "1 Firmware Upgrade Image",
      eligibleDevices: 2,
    });
    expect(await db().auditLog.count({ where: { action: "firmware.publish" } })).toBe(1);
    expect(await errorCodeOf(as("product").firmware.publish({ id }))).toBe("CONFLICT");
    // A published image's version is fixed; its notes are not.
    expect(await errorCodeOf(as("product").firmware.update({ id, change: { version: "x" } }))).toBe(
      "CONFLICT",
    );
    const noted = await as("product").firmware.update({ id, change: { releaseNotes: "Fixes" } });
    expect(noted.releaseNotes).toBe("Fixes");
  });

  it("offers only published, released, unblocked, applicable images, newest first", async () => {
    await db().firmwareImage.deleteMany({});
    const old = await addTestImage({ version: "A", productClasses: ["DGA4132"] });
    const newer = await addTestImage({ version: "B", productClasses: ["DGA4132"] });
    await db().firmwareImage.update({
      where: { id: old.id },
      data: { publishedAt: new Date(Date.now() - 60_000) },
    });
    await addTestImage({ version: "C", productClasses: ["DGA4132"], state: "draft" });
    await addTestImage({
      version: "D",
      productClasses: ["DGA4132"],
      releaseDate: new Date(Date.now() + 3600_000),
    });
    await addTestImage({ version: "E", productClasses: ["FAST5670"] });
    await addTestImage({
      version: "F",
      productClasses: ["DGA4132"],
      fileType: "3 Vendor Configuration File",
    });
    const blocked = await addTestImage({ version: "G", productClasses: ["DGA4132"] });
    await as("product").firmware.setBlocked({ id: blocked.id, blocked: true });
    const device = { ...DGA, softwareVersion: "20.3.c.0389" };
    const offered = await offeredImagesFor(db(), device, "1 Firmware Upgrade Image");
    expect(offered.map((i) => i.version)).toEqual(["B", "A"]);
    expect((await offeredImagesFor(db(), device)).map((i) => i.version).sort()).toEqual(["A", "B", "F"]);
    expect(
      await offeredImagesFor(db(), { ...device, softwareVersion: "B" }, "1 Firmware Upgrade Image"),
    ).toEqual([expect.objectContaining({ id: old.id })]);
    expect(newer.id).toBeGreaterThan(old.id);

    const feed = await as("viewer").firmware.feed({ productClass: "dga4132" });
    expect(feed.models.map((m) => m.productClass)).toEqual(["DGA4132"]);
    expect(feed.models[0]?.images.map((i) => i.version).sort()).toEqual(["A", "B", "F"]);
    const first = feed.models[0]?.images[0];
    expect(first?.path).toMatch(/^\/images\/\d+\//);
    expect(first?.keyFingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(feed)).not.toMatch(/password|username|storageName/i);
  });

  it("refuses to delete an image a wave uses; deletes the file of one no wave uses", async () => {
    const used = await addTestImage({ version: "W", productClasses: ["DGA4132"] });
    const rollback = await addTestImage({ version: "R", productClasses: ["DGA4132"] });
    await db().wave.create({
      data: { name: "Spring", imageId: used.id, rollbackImageId: rollback.id, selection: {}, plan: {} },
    });
    for (const id of [used.id, rollback.id]) {
      expect(await errorCodeOf(as("product").firmware.delete({ id }))).toBe("CONFLICT");
      await expect(as("product").firmware.delete({ id })).rejects.toThrow(/wave "Spring"/);
    }
    const free = await addTestImage({ version: "Z" });
    const file = path.join(storeDir("images"), free.storageName);
    expect(existsSync(file)).toBe(true);
    expect(await errorCodeOf(as("viewer").firmware.delete({ id: free.id }))).toBe("FORBIDDEN");
    await as("product").firmware.delete({ id: free.id });
    expect(existsSync(file)).toBe(false);
    expect(await errorCodeOf(as("viewer").firmware.get({ id: free.id }))).toBe("NOT_FOUND");
  });

  it("lets only the admin trust and revoke keys, refuses a duplicate, never returns the PEM", async () => {
    expect(await errorCodeOf(as("product").firmware.keys())).toBe("FORBIDDEN");
    expect(await errorCodeOf(as("product").firmware.trustKey({ name: "x", pem: DEMO_PUBLIC_KEY }))).toBe(
      "FORBIDDEN",
    );
    expect(await errorCodeOf(as("admin").firmware.trustKey({ name: "Again", pem: DEMO_PUBLIC_KEY }))).toBe(
      "CONFLICT",
    );
    expect(await errorCodeOf(as("admin").firmware.trustKey({ name: "Junk", pem: "not a key" }))).toBe(
      "BAD_REQUEST",
    );
    const keys = await as("admin").firmware.keys();
    expect(keys[0]).toMatchObject({ name: "Demo originator", algorithm: "ed25519", revokedAt: null });
    expect(keys[0]?.images).toBeGreaterThan(0);
    expect(JSON.stringify(keys)).not.toMatch(/BEGIN/);
    await as("admin").firmware.revokeKey({ id: keys[0]?.id ?? 0 });
    expect((await as("admin").firmware.keys())[0]?.revokedAt).toBeInstanceOf(Date);
    await expect(upload("99")).rejects.toThrow(/trusted originator key/);
    expect(
      await db().auditLog.count({ where: { action: { in: ["firmware.key.revoke", "firmware.upload"] } } }),
    ).toBe(2);
  });
});

import { describe, expect, it } from "vitest";
import { DEPLOYMENT_UNIT_TYPE } from "../../../lib/firmware/file-types";
import { imageMetaSchema, imageUpdateSchema } from "../../../lib/firmware/image-schema";

const base = { fileName: "fw.bin", fileType: "1 Firmware Upgrade Image", version: "2.0", originator: "Acme" };

describe("image metadata schema", () => {
  it("trims lists given as text or arrays and drops empties", () => {
    const m = imageMetaSchema.parse({ ...base, productClasses: " A , B,\n, C ", ouis: [" 00147F ", ""] });
    expect(m.productClasses).toEqual(["A", "B", "C"]);
    expect(m.ouis).toEqual(["00147F"]);
    expect(m.hardwareVersions).toEqual([]);
    expect(m.releaseDate).toBeNull();
    expect(m.duUuid).toBe("");
  });

  it("refuses unsafe file names, unknown file types, long versions and long lists", () => {
    for (const fileName of ["a/b", "..", "a\\b", "x\ny", "a".repeat(129), ""])
      expect(imageMetaSchema.safeParse({ ...base, fileName }).success).toBe(false);
    expect(imageMetaSchema.safeParse({ ...base, fileType: "9 Nothing" }).success).toBe(false);
    expect(imageMetaSchema.safeParse({ ...base, fileType: "X 00147F Bootloader" }).success).toBe(true);
    expect(imageMetaSchema.safeParse({ ...base, version: "v".repeat(65) }).success).toBe(false);
    const many = Array.from({ length: 101 }, (_, i) => `PC${i}`);
    expect(imageMetaSchema.safeParse({ ...base, productClasses: many }).success).toBe(false);
    expect(imageMetaSchema.safeParse({ ...base, releaseNotes: "x".repeat(10_001) }).success).toBe(false);
  });

  it("parses release dates, refuses garbage", () => {
    expect(
      imageMetaSchema.parse({ ...base, releaseDate: "2030-01-02T03:04:05Z" }).releaseDate?.toISOString(),
    ).toBe("2030-01-02T03:04:05.000Z");
    expect(imageMetaSchema.parse({ ...base, releaseDate: "" }).releaseDate).toBeNull();
    expect(imageMetaSchema.safeParse({ ...base, releaseDate: "tomorrow" }).success).toBe(false);
  });

  it("gives a deployment unit a UUID when none is given, and only deployment units keep one", () => {
    const du = imageMetaSchema.parse({ ...base, fileType: DEPLOYMENT_UNIT_TYPE });
    expect(du.duUuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const given = "6F1C2E3A-1B2C-4D5E-8F90-123456789ABC";
    expect(imageMetaSchema.parse({ ...base, fileType: DEPLOYMENT_UNIT_TYPE, duUuid: given }).duUuid).toBe(
      given.toLowerCase(),
    );
    expect(imageMetaSchema.parse({ ...base, duUuid: given }).duUuid).toBe("");
    expect(
      imageMetaSchema.safeParse({ ...base, fileType: DEPLOYMENT_UNIT_TYPE, duUuid: "nope" }).success,
    ).toBe(false);
  });

  it("leaves an absent release date unchanged in an update, clears it with an empty one", () => {
    expect(imageUpdateSchema.parse({ releaseNotes: "x" }).releaseDate).toBeUndefined();
    expect(imageUpdateSchema.parse({ releaseDate: "" }).releaseDate).toBeNull();
  });
});

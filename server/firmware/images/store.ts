// The software store's images after upload: list, read, edit, publish (with the eligible devices and
// an image.published event in the same transaction), block/unblock, delete. Every change is audited.
import { unlink } from "node:fs/promises";
import path from "node:path";
import type { ImageUpdate } from "../../../lib/firmware/image-schema";
import { recordAudit } from "../../audit/service";
import { AppError } from "../../core/app-error";
import type { Actor } from "../../core/actor";
import { db } from "../../db";
import { emitEvent } from "../../events/outbox";
import { Prisma } from "../../generated/prisma/client";
import { logger } from "../../logger";
import { storeDir } from "../paths";
import { eligibleDevices } from "./eligibility";
import { imageView, KEY_SELECT, type ImageView } from "./view";

type Tx = Prisma.TransactionClient;
const log = logger("firmware-store");

export const IMAGE_STATES = ["draft", "published", "blocked"] as const;

export interface ImageFilter {
  state?: (typeof IMAGE_STATES)[number];
  fileType?: string;
  text?: string;
  /** Only images with a smaller id (the REST API's cursor: the list is newest first) */
  beforeId?: number;
}

export async function listImages(filter: ImageFilter = {}, take = 500): Promise<ImageView[]> {
  const text = filter.text?.trim();
  const rows = await db().firmwareImage.findMany({
    where: {
      state: filter.state,
      fileType: filter.fileType,
      id: filter.beforeId === undefined ? undefined : { lt: filter.beforeId },
      OR: text
        ? [
            { fileName: { contains: text, mode: "insensitive" } },
            { version: { contains: text, mode: "insensitive" } },
            { originator: { contains: text, mode: "insensitive" } },
            { productClasses: { has: text } },
            { sha256: { startsWith: text.toLowerCase() } },
          ]
        : undefined,
    },
    include: { key: KEY_SELECT },
    orderBy: { id: "desc" },
    take,
  });
  return rows.map(imageView);
}

async function find(tx: Tx, id: number) {
  const image = await tx.firmwareImage.findUnique({ where: { id }, include: { key: KEY_SELECT } });
  if (!image) throw new AppError("not_found", `No image #${id}`);
  return image;
}

export async function getImage(id: number): Promise<ImageView> {
  return imageView(await find(db(), id));
}

export async function imageEligible(id: number, take = 20) {
  return eligibleDevices(db(), await find(db(), id), take);
}

export async function updateImage(actor: Actor, id: number, change: ImageUpdate): Promise<ImageView> {
  return db().$transaction(async (tx) => {
    const before = await find(tx, id);
    const typeOrVersion =
      (change.fileType !== undefined && change.fileType !== before.fileType) ||
      (change.version !== undefined && change.version !== before.version);
    if (typeOrVersion && before.state !== "draft")
      throw new AppError("conflict", "The file type and version can change only while the image is a draft");
    const after = await tx.firmwareImage.update({
      where: { id },
      data: {
        fileType: change.fileType,
        version: change.version,
        releaseNotes: change.releaseNotes,
        releaseDate: change.releaseDate,
      },
      include: { key: KEY_SELECT },
    });
    await recordAudit(tx, {
      operatorId: actor.id,
      action: "firmware.update",
      target: `image #${id}`,
      before: { fileType: before.fileType, version: before.version, releaseDate: before.releaseDate },
      after: { fileType: after.fileType, version: after.version, releaseDate: after.releaseDate },
    });
    return imageView(after);
  });
}

/** Draft → published: lists the eligible devices and announces image.published in the same transaction. */
export async function publishImage(actor: Actor, id: number) {
  return db().$transaction(async (tx) => {
    const image = await find(tx, id);
    if (image.state === "blocked") throw new AppError("conflict", "A blocked image is never published again");
    if (image.state === "published") throw new AppError("conflict", "The image is already published");
    const eligible = await eligibleDevices(tx, image);
    const after = await tx.firmwareImage.update({
      where: { id },
      data: { state: "published", publishedAt: new Date() },
      include: { key: KEY_SELECT },
    });
    await emitEvent(tx, "image.published", {
      imageId: id,
      version: image.version,
      fileType: image.fileType,
      eligibleDevices: eligible.count,
    });
    await recordAudit(tx, {
      operatorId: actor.id,
      action: "firmware.publish",
      target: `${image.fileName} ${image.version}`,
      after: { id, eligibleDevices: eligible.count },
    });
    return { image: imageView(after), eligible };
  });
}

/** Blocked = never offered again (a bad image); unblocking returns it to published or draft. */
export async function setImageBlocked(actor: Actor, id: number, blocked: boolean): Promise<ImageView> {
  return db().$transaction(async (tx) => {
    const image = await find(tx, id);
    if (blocked === (image.state === "blocked")) return imageView(image);
    const state = blocked ? "blocked" : image.publishedAt ? "published" : "draft";
    const after = await tx.firmwareImage.update({
      where: { id },
      data: { state },
      include: { key: KEY_SELECT },
    });
    await recordAudit(tx, {
      operatorId: actor.id,
      action: blocked ? "firmware.block" : "firmware.unblock",
      target: `${image.fileName} ${image.version}`,
      before: { state: image.state },
      after: { state },
    });
    return imageView(after);
  });
}

/** Refused while any wave names it (as its image or its rollback image); the file goes after the row. */
export async function deleteImage(actor: Actor, id: number): Promise<void> {
  const storageName = await db().$transaction(async (tx) => {
    const image = await find(tx, id);
    const waves = await tx.wave.findMany({
      where: { OR: [{ imageId: id }, { rollbackImageId: id }] },
      select: { id: true, name: true },
      take: 5,
    });
    if (waves.length > 0)
      throw new AppError(
        "conflict",
        `The image is used by wave${waves.length > 1 ? "s" : ""} ${waves.map((w) => `"${w.name}" (#${w.id})`).join(", ")}: delete those waves first, or block the image`,
      );
    try {
      await tx.firmwareImage.delete({ where: { id } });
    } catch (error) {
      // A wave created between the check and the delete: the foreign key refuses it (onDelete: Restrict).
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2003")
        throw new AppError(
          "conflict",
          "The image is used by a wave: delete that wave first, or block the image",
        );
      throw error;
    }
    await recordAudit(tx, {
      operatorId: actor.id,
      action: "firmware.delete",
      target: `${image.fileName} ${image.version}`,
      before: { id, sha256: image.sha256, state: image.state },
    });
    return image.storageName;
  });
  await unlink(path.join(storeDir("images"), storageName)).catch((err: unknown) =>
    log.warn({ err, id }, "image file already gone"),
  );
}

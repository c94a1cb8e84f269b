// The images a device may be offered now (RequestDownload, the feed): published, past the release date,
// applicable to its model and current version by appliesTo(), newest first. The lists are checked in
// TypeScript on the published set, so the rule is literally the one lib/firmware/applicability.ts holds.
import { appliesTo, type DeviceModel } from "../../../lib/firmware/applicability";
import type { db } from "../../db";
import type { FirmwareImage, Prisma } from "../../generated/prisma/client";

type Client = Prisma.TransactionClient | ReturnType<typeof db>;

/** A store holds tens to hundreds of published images; this bounds one device's look-up regardless. */
const CANDIDATES = 1000;

export async function offeredImagesFor(
  tx: Client,
  device: DeviceModel,
  fileType?: string,
): Promise<FirmwareImage[]> {
  const now = new Date();
  const rows = await tx.firmwareImage.findMany({
    where: {
      state: "published",
      fileType,
      OR: [{ releaseDate: null }, { releaseDate: { lte: now } }],
    },
    orderBy: [{ publishedAt: "desc" }, { id: "desc" }],
    take: CANDIDATES,
  });
  return rows.filter((image) => appliesTo(image, device).ok);
}

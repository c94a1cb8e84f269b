// The JSON feed of published, released images per model, for OSS systems and devices: what is
// available, with the digests and signature to check it by. It names files by their public path and
// carries no credential (a device still needs a grant from the ACS to fetch one).
import { db } from "../../db";
import { imagePath } from "../file-base";

export interface FeedFilter {
  oui?: string;
  productClass?: string;
  hardwareVersion?: string;
}

export interface FeedImage {
  id: number;
  fileName: string;
  version: string;
  fileType: string;
  size: number;
  sha256: string;
  md5: string;
  releaseDate: string | null;
  releaseNotes: string;
  signature: string | null;
  keyFingerprint: string | null;
  ouis: string[];
  hardwareVersions: string[];
  fromVersions: string[];
  path: string;
}

export interface Feed {
  generatedAt: string;
  /** One entry per product class an image names; "*" gathers the images for any model */
  models: { productClass: string; images: FeedImage[] }[];
}

const FEED_MAX = 2000;
const matches = (list: string[], value: string | undefined) =>
  value === undefined || list.length === 0 || list.some((v) => v.toLowerCase() === value.toLowerCase());

export async function publishedFeed(filter: FeedFilter = {}): Promise<Feed> {
  const now = new Date();
  const rows = await db().firmwareImage.findMany({
    where: { state: "published", OR: [{ releaseDate: null }, { releaseDate: { lte: now } }] },
    include: { key: { select: { fingerprint: true } } },
    orderBy: [{ publishedAt: "desc" }, { id: "desc" }],
    take: FEED_MAX,
  });
  const models = new Map<string, FeedImage[]>();
  for (const image of rows) {
    if (!matches(image.ouis, filter.oui) || !matches(image.hardwareVersions, filter.hardwareVersion))
      continue;
    if (!matches(image.productClasses, filter.productClass)) continue;
    const entry: FeedImage = {
      id: image.id,
      fileName: image.fileName,
      version: image.version,
      fileType: image.fileType,
      size: Number(image.size),
      sha256: image.sha256,
      md5: image.md5,
      releaseDate: image.releaseDate?.toISOString() ?? null,
      releaseNotes: image.releaseNotes,
      signature: image.signature,
      keyFingerprint: image.key?.fingerprint ?? null,
      ouis: image.ouis,
      hardwareVersions: image.hardwareVersions,
      fromVersions: image.fromVersions,
      path: imagePath(image),
    };
    const classes = image.productClasses.length > 0 ? image.productClasses : ["*"];
    for (const pc of classes) {
      if (
        filter.productClass !== undefined &&
        pc !== "*" &&
        pc.toLowerCase() !== filter.productClass.toLowerCase()
      )
        continue;
      models.set(pc, [...(models.get(pc) ?? []), entry]);
    }
  }
  return {
    generatedAt: now.toISOString(),
    models: [...models.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([productClass, images]) => ({ productClass, images })),
  };
}

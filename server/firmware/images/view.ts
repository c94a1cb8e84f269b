// What the console and the router see of a store image: sizes as numbers (an image is ≤ 8 GiB, far
// inside a double), the signing key's name and fingerprint, never the storage name on disk.
import type { FirmwareImage, FirmwareKey } from "../../generated/prisma/client";

export type ImageWithKey = FirmwareImage & {
  key: Pick<FirmwareKey, "name" | "fingerprint" | "revokedAt"> | null;
};

export const KEY_SELECT = { select: { name: true, fingerprint: true, revokedAt: true } } as const;

export function imageView(image: ImageWithKey) {
  return {
    id: image.id,
    fileName: image.fileName,
    size: Number(image.size),
    sha256: image.sha256,
    md5: image.md5,
    fileType: image.fileType,
    version: image.version,
    originator: image.originator,
    ouis: image.ouis,
    productClasses: image.productClasses,
    hardwareVersions: image.hardwareVersions,
    fromVersions: image.fromVersions,
    duUuid: image.duUuid,
    releaseNotes: image.releaseNotes,
    releaseDate: image.releaseDate,
    signed: image.signature !== null,
    key: image.key
      ? { name: image.key.name, fingerprint: image.key.fingerprint, revoked: image.key.revokedAt !== null }
      : null,
    state: image.state as "draft" | "published" | "blocked",
    publishedAt: image.publishedAt,
    downloads: image.downloads,
    bytesServed: Number(image.bytesServed),
    createdBy: image.createdBy,
    createdAt: image.createdAt,
  };
}

export type ImageView = ReturnType<typeof imageView>;

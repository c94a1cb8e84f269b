// Which devices an image applies to, and whether it is offered now: the one rule the store's eligible
// list, RequestDownload's policy, the feed and wave creation all use.
import { isDeploymentUnit, isFirmwareType } from "./file-types";

export interface ImageTarget {
  ouis: string[];
  productClasses: string[];
  hardwareVersions: string[];
  fromVersions: string[];
}

export interface ImageOffer {
  state: string;
  releaseDate: Date | null;
}

export interface DeviceModel {
  oui: string;
  productClass: string;
  hardwareVersion: string;
  softwareVersion: string;
}

export type Applicability = { ok: true } | { ok: false; reason: string };

const matches = (list: string[], value: string) =>
  list.length === 0 || list.some((v) => v.toLowerCase() === value.toLowerCase());

/**
 * Model and from-version checks only (not release state): what a wave or an operator targets. The
 * version checks read the device's SoftwareVersion, so they apply to firmware images; a deployment unit
 * (an app beside the firmware) is judged by model only, other files by model and from-versions.
 */
export function appliesTo(
  image: ImageTarget & { version: string; fileType?: string },
  device: DeviceModel,
): Applicability {
  if (!matches(image.ouis, device.oui)) return { ok: false, reason: `OUI ${device.oui} not listed` };
  if (!matches(image.productClasses, device.productClass))
    return { ok: false, reason: `product class ${device.productClass || "(none)"} not listed` };
  if (!matches(image.hardwareVersions, device.hardwareVersion))
    return { ok: false, reason: `hardware version ${device.hardwareVersion || "(none)"} not listed` };
  const fileType = image.fileType ?? "1 Firmware Upgrade Image";
  if (isDeploymentUnit(fileType)) return { ok: true };
  if (isFirmwareType(fileType) && device.softwareVersion === image.version)
    return { ok: false, reason: `already on ${image.version}` };
  if (!matches(image.fromVersions, device.softwareVersion))
    return { ok: false, reason: `no upgrade path from ${device.softwareVersion || "(unknown)"}` };
  return { ok: true };
}

/** Published, not blocked, and past its release date. */
export function isOffered(image: ImageOffer, now = new Date()): Applicability {
  if (image.state === "blocked") return { ok: false, reason: "blocked" };
  if (image.state !== "published") return { ok: false, reason: "not published" };
  if (image.releaseDate && image.releaseDate > now)
    return { ok: false, reason: `not released before ${image.releaseDate.toISOString()}` };
  return { ok: true };
}

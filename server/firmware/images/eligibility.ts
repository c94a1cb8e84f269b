// Which devices an image applies to, as a database filter: the same rule as appliesTo() in
// lib/firmware/applicability.ts (empty list = any, case-insensitive matches, not already on the
// version, from-versions), so the eligible count and first rows are computed by PostgreSQL, not by
// loading a million devices. eligibility.test.ts checks both rules agree on a table of cases.
import type { ImageTarget } from "../../../lib/firmware/applicability";
import { isDeploymentUnit, isFirmwareType } from "../../../lib/firmware/file-types";
import type { Prisma } from "../../generated/prisma/client";

type Tx = Prisma.TransactionClient;

const listed = (list: string[]): Prisma.StringFilter<"Device"> | undefined =>
  list.length === 0 ? undefined : { in: list, mode: "insensitive" };

export function eligibleWhere(
  image: ImageTarget & { version: string; fileType?: string },
): Prisma.DeviceWhereInput {
  // Version checks as appliesTo has them: firmware is not sent to a device already on it; a
  // deployment unit ignores SoftwareVersion altogether.
  const fileType = image.fileType ?? "1 Firmware Upgrade Image";
  const and: Prisma.DeviceWhereInput[] = isFirmwareType(fileType)
    ? [{ softwareVersion: { not: image.version } }]
    : [];
  const from = isDeploymentUnit(fileType) ? undefined : listed(image.fromVersions);
  if (from) and.push({ softwareVersion: from });
  const where: Prisma.DeviceWhereInput = { AND: and };
  const oui = listed(image.ouis);
  if (oui) where.oui = oui;
  const productClass = listed(image.productClasses);
  if (productClass) where.productClass = productClass;
  const hardwareVersion = listed(image.hardwareVersions);
  if (hardwareVersion) where.hardwareVersion = hardwareVersion;
  return where;
}

export interface EligibleDevice {
  id: number;
  serialNumber: string;
  oui: string;
  productClass: string;
  modelName: string;
  hardwareVersion: string;
  softwareVersion: string;
  lastInform: Date | null;
}

/** How many devices the image applies to, and the first `take` of them (by id). */
export async function eligibleDevices(
  tx: Tx,
  image: ImageTarget & { version: string; fileType?: string },
  take = 20,
): Promise<{ count: number; devices: EligibleDevice[] }> {
  const where = eligibleWhere(image);
  const [count, devices] = await Promise.all([
    tx.device.count({ where }),
    tx.device.findMany({
      where,
      take,
      orderBy: { id: "asc" },
      select: {
        id: true,
        serialNumber: true,
        oui: true,
        productClass: true,
        modelName: true,
        hardwareVersion: true,
        softwareVersion: true,
        lastInform: { select: { informedAt: true } },
      },
    }),
  ]);
  return {
    count,
    devices: devices.map((d) => ({ ...d, lastInform: d.lastInform?.informedAt ?? null })),
  };
}

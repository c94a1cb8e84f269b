// The ids of the devices with one serial number: InformEvent has no relation to Device to filter on
// (prisma/schema.prisma), so tests select a device's events by these.
import { db } from "../../server/db";

export async function deviceIds(serialNumber: string): Promise<number[]> {
  const devices = await db().device.findMany({ where: { serialNumber }, select: { id: true } });
  return devices.map((d) => d.id);
}

// A mobile's page header: its DevInfo identity (DevId, Man, Mod, DmV, Lang), firmware (DevDetail FwV)
// and its DM account's last session — what the CWMP summary shows from the Inform, read here from the
// device row and its document. No credential of the account leaves this module.
import "server-only";
import { z } from "zod";
import { AppError } from "../core/app-error";
import { db } from "../db";
import { dmEntries } from "./dm-tree";

export const mobileSummarySchema = z.object({
  deviceId: z.number().int(),
  devId: z.string(),
  manufacturer: z.string().nullable(),
  model: z.string().nullable(),
  dmVersion: z.string().nullable(),
  language: z.string().nullable(),
  firmwareVersion: z.string().nullable(),
  protocol: z.literal("omadm"),
  encoding: z.string().nullable(),
  lastSessionAt: z.date().nullable(),
  /** whether package 0 can reach it (it registered a notification address) */
  wakeable: z.boolean(),
});

export type MobileSummary = z.infer<typeof mobileSummarySchema>;

export async function mobileSummary(deviceId: number): Promise<MobileSummary> {
  const device = await db().device.findUnique({
    where: { id: deviceId },
    select: {
      protocol: true,
      serialNumber: true,
      manufacturer: true,
      modelName: true,
      softwareVersion: true,
      parameters: true,
      omaDmAccount: { select: { encoding: true, lastSessionAt: true, notifyAddress: true } },
    },
  });
  if (!device) throw new AppError("not_found", `device ${deviceId} not found`);
  if (device.protocol !== "omadm")
    throw new AppError("conflict", `device ${deviceId} is not managed over OMA DM`);
  const doc = dmEntries(device.parameters);
  const v = (uri: string) => doc[uri]?.v ?? null;
  return {
    deviceId,
    devId: device.serialNumber,
    manufacturer: device.manufacturer || v("./DevInfo/Man"),
    model: device.modelName || v("./DevInfo/Mod"),
    dmVersion: v("./DevInfo/DmV"),
    language: v("./DevInfo/Lang"),
    firmwareVersion: device.softwareVersion || v("./DevDetail/FwV"),
    protocol: "omadm",
    encoding: device.omaDmAccount?.encoding ?? null,
    lastSessionAt: device.omaDmAccount?.lastSessionAt ?? null,
    wakeable: Boolean(device.omaDmAccount?.notifyAddress),
  };
}

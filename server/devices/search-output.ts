// What the device list procedures send to the browser: an explicit contract (tRPC .output()), so a
// column added to the SQL never leaves the server unless it is named here.
import { z } from "zod";

export const deviceListRowSchema = z.object({
  id: z.number().int(),
  serialNumber: z.string(),
  oui: z.string(),
  productClass: z.string(),
  manufacturer: z.string(),
  kind: z.enum(["GATEWAY", "STB", "OTHER", "MOBILE"]),
  modelName: z.string(),
  softwareVersion: z.string(),
  hardwareVersion: z.string(),
  ipAddress: z.string().nullable(),
  macAddress: z.string().nullable(),
  subscriberId: z.string().nullable(),
  tags: z.array(z.string()),
  lastInform: z.date().nullable(),
  online: z.boolean(),
  bootstrapIncomplete: z.boolean(),
  params: z.record(z.string(), z.string().nullable()),
});

export const deviceSearchResultSchema = z.object({
  rows: z.array(deviceListRowSchema),
  total: z.number().int(),
  capped: z.boolean(),
  page: z.number().int(),
  pageSize: z.number().int(),
});

export const deviceCountSchema = z.object({ total: z.number().int(), capped: z.boolean() });

export const deviceFacetsSchema = z.object({
  manufacturer: z.array(z.string()),
  oui: z.array(z.string()),
  productClass: z.array(z.string()),
  softwareVersion: z.array(z.string()),
});

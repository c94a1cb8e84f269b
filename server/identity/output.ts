// The identity conflict row as the console's router and the REST API answer it (one schema for both).
import { z } from "zod";

export const conflictState = z.enum(["open", "accepted", "rejected"]);

export const conflictRowSchema = z.object({
  id: z.number(),
  deviceId: z.number(),
  serialNumber: z.string(),
  oui: z.string(),
  productClass: z.string(),
  state: conflictState,
  reason: z.string(),
  remoteAddress: z.string(),
  eventCodes: z.array(z.string()),
  attempts: z.number(),
  firstAt: z.date(),
  lastAt: z.date(),
  decidedBy: z.string().nullable(),
  decidedAt: z.date().nullable(),
});

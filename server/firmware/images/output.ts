// An image as the console's firmware router and the REST API (server/nbi/rest/resources/firmware.ts)
// send it: one explicit contract, so a column added to the row never leaves the server unless named here.
import { z } from "zod";
import { IMAGE_STATES } from "./store";

export const imageSchema = z.object({
  id: z.number(),
  fileName: z.string(),
  size: z.number(),
  sha256: z.string(),
  md5: z.string(),
  fileType: z.string(),
  version: z.string(),
  originator: z.string(),
  ouis: z.array(z.string()),
  productClasses: z.array(z.string()),
  hardwareVersions: z.array(z.string()),
  fromVersions: z.array(z.string()),
  duUuid: z.string(),
  releaseNotes: z.string(),
  releaseDate: z.date().nullable(),
  signed: z.boolean(),
  key: z.object({ name: z.string(), fingerprint: z.string(), revoked: z.boolean() }).nullable(),
  state: z.enum(IMAGE_STATES),
  publishedAt: z.date().nullable(),
  downloads: z.number(),
  bytesServed: z.number(),
  createdBy: z.string(),
  createdAt: z.date(),
});

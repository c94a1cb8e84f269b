import "server-only";
import { createTRPCRouter } from "../trpc";

/** Sending store images to one device, CPE uploads, RequestDownload decisions. */
export const deliveryRouter = createTRPCRouter({});

// Inputs of the device page's actions, shared by the tRPC procedures (server/api/routers/device.ts)
// and the page's forms, so the browser and the server refuse the same values.
import { z } from "zod";

export const DIAGNOSTIC_KINDS = ["ping", "traceroute"] as const;
export type DiagnosticKind = (typeof DIAGNOSTIC_KINDS)[number];

/** What a diagnostic run needs besides the device: kind, target host, repetitions (ping) or max hops. */
export const diagnosticRequest = z.object({
  kind: z.enum(DIAGNOSTIC_KINDS),
  host: z.string().trim().min(1, "Enter a host name or address").max(256, "Use at most 256 characters"),
  count: z
    .number({ error: "Count must be a whole number from 1 to 64" })
    .int("Count must be a whole number from 1 to 64")
    .min(1, "Count must be a whole number from 1 to 64")
    .max(64, "Count must be a whole number from 1 to 64")
    .optional(),
  timeoutMs: z.number().int().min(1).max(600_000).optional(),
});

/** A device tag: what the tag list stores and searches on. */
export const deviceTag = z.string().trim().min(1, "Enter a tag").max(64, "Use at most 64 characters");
export const deviceTags = z.array(deviceTag).max(50, "A device has at most 50 tags");

/** The operator's free-text notes on a device. */
export const deviceNotes = z.string().max(4000, "Use at most 4000 characters");

/** Largest unsignedInt (PeriodicInformInterval's type): the widest range any data model allows. */
const UNSIGNED_INT_MAX = 4_294_967_295;

/**
 * Seconds of a periodic inform interval within the device data model's range (the server's schema
 * uses the widest range; the server's action checks the device's own range again).
 */
export function informIntervalSeconds(min = 1, max = UNSIGNED_INT_MAX) {
  const message = `Enter a whole number of seconds from ${min} to ${max}`;
  return z.number({ error: message }).int(message).min(min, message).max(max, message);
}

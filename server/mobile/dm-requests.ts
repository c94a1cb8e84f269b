// OMA DM task requests (Task.request of protocol "omadm" tasks) and the DM commands each becomes.
// Checked with zod when queued and again when claimed (a row edited by hand never reaches a device
// malformed). The FUMO package URL carries the per-transfer grant as URL credentials, so it is stored
// sealed and opened only when the command is built.
import { z } from "zod";
import type { DmCommandSpec } from "../omadm/session/backend";
import { openSecret } from "../secrets-file";

/** A DM URI: relative to the root ("./DevInfo/Mod"), no empty or dot segments, bounded. */
export const dmUriSchema = z
  .string()
  .max(512)
  .regex(/^\.(\/[^/\s]+)*$/, "a DM URI like ./DevInfo/Mod")
  .refine(
    (u) =>
      !u
        .split("/")
        .slice(1)
        .some((s) => s === "." || s === ".."),
    "no . or .. segments",
  );

export const DM_FORMATS = [
  "chr",
  "int",
  "bool",
  "float",
  "date",
  "time",
  "b64",
  "bin",
  "xml",
  "null",
] as const;

export const dmRequestSchema = z.discriminatedUnion("name", [
  z.object({ name: z.literal("DmGet"), uri: dmUriSchema }),
  z.object({
    name: z.literal("DmReplace"),
    uri: dmUriSchema,
    value: z.string().max(1_048_576),
    format: z.enum(DM_FORMATS).default("chr"),
  }),
  z.object({ name: z.literal("DmExec"), uri: dmUriSchema, data: z.string().max(65_536).optional() }),
  z.object({
    name: z.literal("FumoUpdate"),
    /** the FUMO node, e.g. ./FUMO/1 */
    node: dmUriSchema,
    imageId: z.number().int(),
    /** sealed: the image URL with the grant's credentials */
    pkgUrlSealed: z.string().max(4096),
    correlator: z.string().min(1).max(64),
    /** which PkgURL leaf the URL is written to (FUMO defines both) */
    pkgUrlLeaf: z
      .enum(["DownloadAndUpdate/PkgURL", "Download/PkgURL", "PkgURL"])
      .default("DownloadAndUpdate/PkgURL"),
  }),
]);

export type DmRequest = z.infer<typeof dmRequestSchema>;

export const DM_TASK_NAMES = ["DmGet", "DmReplace", "DmExec", "FumoUpdate"] as const;

export function commandsOf(request: DmRequest): DmCommandSpec[] {
  switch (request.name) {
    case "DmGet":
      return [{ kind: "Get", uri: request.uri }];
    case "DmReplace":
      return [{ kind: "Replace", uri: request.uri, data: request.value, format: request.format }];
    case "DmExec":
      return [
        { kind: "Exec", uri: request.uri, ...(request.data !== undefined ? { data: request.data } : {}) },
      ];
    case "FumoUpdate":
      return [
        {
          kind: "Replace",
          uri: `${request.node}/${request.pkgUrlLeaf}`,
          data: openSecret(request.pkgUrlSealed),
          format: "chr",
        },
        { kind: "Exec", uri: `${request.node}/DownloadAndUpdate`, correlator: request.correlator },
      ];
  }
}

/** OMA FUMO result codes (docs/domain.md §5.4). */
export function fumoResultText(code: number): string {
  const known: Record<number, string> = {
    200: "successful",
    400: "client error",
    401: "user cancelled",
    402: "corrupted firmware update package",
    403: "firmware update package - device mismatch",
    404: "failed firmware update package validation",
    405: "firmware update package not acceptable",
    406: "alternate download authentication failure",
    407: "alternate download request time-out",
    408: "not implemented",
    409: "undefined error",
    410: "firmware update failed",
    411: "malformed or bad URL",
    412: "alternate download server unavailable",
    500: "alternate download server error",
    501: "download fails due to device is out of memory",
    502: "firmware update fails due to device out of memory",
    503: "download fails due to network issues",
  };
  if (known[code]) return known[code];
  if (code >= 250 && code <= 299) return "successful (vendor specific)";
  if (code >= 450 && code <= 499) return "client error (vendor specific)";
  if (code >= 550 && code <= 599) return "alternate download server error (vendor specific)";
  return "unknown result code";
}

export const fumoSucceeded = (code: number): boolean => code >= 200 && code <= 299;

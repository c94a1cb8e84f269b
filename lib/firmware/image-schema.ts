// Metadata of a store image as an operator (console upload, later the northbound API) gives it: one
// schema for the upload route, the router's update and the console form, so all refuse the same values.
import { z } from "zod";
import { DEPLOYMENT_UNIT_TYPE, isStoreFileType } from "./file-types";

export const IMAGE_LIST_MAX = 100;

/** A file name a CPE and a URL can carry: no path separators, no control characters, not "." or "..". */
export const safeFileName = z
  .string()
  .trim()
  .min(1, "Give the file a name")
  .max(128, "At most 128 characters")
  .refine(
    (v) => !/[/\\]/.test(v) && ![...v].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f),
    "No slashes or control characters",
  )
  .refine((v) => v !== "." && v !== "..", "Not a file name");

/** Comma/newline separated text (the form) or a list (the API): trimmed, empties dropped, ≤ 100. */
const stringList = (max: number) =>
  z
    .union([z.string(), z.array(z.string())])
    .default([])
    .transform((v) =>
      (Array.isArray(v) ? v : v.split(/[,\n]/)).map((s) => s.trim()).filter((s) => s.length > 0),
    )
    .pipe(
      z
        .array(z.string().max(max, `Each entry at most ${max} characters`))
        .max(IMAGE_LIST_MAX, `At most ${IMAGE_LIST_MAX} entries`),
    );

/** An ISO date or date-time (the form's datetime-local has no zone: the browser's); "" or null = none. */
const dateText = z
  .string()
  .trim()
  .max(40)
  .refine((v) => v === "" || (/^\d{4}-\d{2}-\d{2}/.test(v) && !Number.isNaN(Date.parse(v))), "An ISO date");

const releaseDate = z
  .union([dateText, z.null()])
  .optional()
  .transform((v) => (v ? new Date(v) : null));

/** In an update, absent = unchanged; "" or null = cleared. */
const releaseDateUpdate = z
  .union([dateText, z.null()])
  .optional()
  .transform((v) => (v === undefined ? undefined : v ? new Date(v) : null));

export const fileTypeSchema = z
  .string()
  .trim()
  .refine(isStoreFileType, "A TR-069 FileType (1 … 5) or a vendor form X <OUI> <name>");

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const imageMetaSchema = z
  .object({
    fileName: safeFileName,
    fileType: fileTypeSchema,
    version: z.string().trim().min(1, "Give the version").max(64, "At most 64 characters"),
    originator: z.string().trim().min(1, "Name the originator").max(128, "At most 128 characters"),
    ouis: stringList(16),
    productClasses: stringList(64),
    hardwareVersions: stringList(64),
    fromVersions: stringList(64),
    releaseNotes: z.string().max(10_000, "At most 10,000 characters").default(""),
    releaseDate,
    duUuid: z
      .string()
      .trim()
      .default("")
      .refine((v) => v === "" || UUID.test(v), "A UUID (8-4-4-4-12 hex digits)"),
  })
  .transform((m) => ({
    ...m,
    duUuid: m.fileType === DEPLOYMENT_UNIT_TYPE ? m.duUuid.toLowerCase() || crypto.randomUUID() : "",
  }));

export type ImageMetaInput = z.input<typeof imageMetaSchema>;
export type ImageMeta = z.output<typeof imageMetaSchema>;

/** What may change after upload: type and version only while a draft (the service checks), notes any time. */
export const imageUpdateSchema = z.object({
  fileType: fileTypeSchema.optional(),
  version: z.string().trim().min(1).max(64).optional(),
  releaseNotes: z.string().max(10_000).optional(),
  releaseDate: releaseDateUpdate,
});

export type ImageUpdate = z.output<typeof imageUpdateSchema>;

// The software store: images (list, read, edit, publish, block, delete, eligible devices), originator
// keys (admin), the feed preview. Uploads come through app/api/firmware/images (a streamed body).
import "server-only";
import { z } from "zod";
import { imageUpdateSchema } from "../../../lib/firmware/image-schema";
import { recordId } from "../../../lib/ids";
import { listKeys, revokeKey, trustKey } from "../../firmware/keys";
import { publishedFeed } from "../../firmware/images/feed";
import {
  deleteImage,
  getImage,
  IMAGE_STATES,
  imageEligible,
  listImages,
  publishImage,
  setImageBlocked,
  updateImage,
} from "../../firmware/images/store";
import { imageSchema } from "../../firmware/images/output";
import { createTRPCRouter, permissionProcedure } from "../trpc";

const read = permissionProcedure("firmware.read");
const rollout = permissionProcedure("firmware.rollout");
const keyAdmin = permissionProcedure("firmware.keys");

const eligibleSchema = z.object({
  count: z.number(),
  devices: z.array(
    z.object({
      id: z.number(),
      serialNumber: z.string(),
      oui: z.string(),
      productClass: z.string(),
      modelName: z.string(),
      hardwareVersion: z.string(),
      softwareVersion: z.string(),
      lastInform: z.date().nullable(),
    }),
  ),
});

const keySchema = z.object({
  id: z.number(),
  name: z.string(),
  algorithm: z.string(),
  fingerprint: z.string(),
  createdBy: z.string(),
  createdAt: z.date(),
  revokedAt: z.date().nullable(),
  images: z.number(),
});

const feedImageSchema = z.object({
  id: z.number(),
  fileName: z.string(),
  version: z.string(),
  fileType: z.string(),
  size: z.number(),
  sha256: z.string(),
  md5: z.string(),
  releaseDate: z.string().nullable(),
  releaseNotes: z.string(),
  signature: z.string().nullable(),
  keyFingerprint: z.string().nullable(),
  ouis: z.array(z.string()),
  hardwareVersions: z.array(z.string()),
  fromVersions: z.array(z.string()),
  path: z.string(),
});

const byId = z.object({ id: recordId });
const short = z.string().trim().max(64).optional();

export const firmwareRouter = createTRPCRouter({
  list: read
    .input(
      z
        .object({
          state: z.enum(IMAGE_STATES).optional(),
          fileType: z.string().max(80).optional(),
          text: z.string().max(128).optional(),
        })
        .default({}),
    )
    .output(z.array(imageSchema))
    .query(({ input }) => listImages(input)),

  get: read
    .input(byId)
    .output(imageSchema)
    .query(({ input }) => getImage(input.id)),

  eligible: read
    .input(z.object({ id: recordId, take: z.number().int().min(1).max(100).default(20) }))
    .output(eligibleSchema)
    .query(({ input }) => imageEligible(input.id, input.take)),

  update: rollout
    .input(z.object({ id: recordId, change: imageUpdateSchema }))
    .output(imageSchema)
    .mutation(({ ctx, input }) => updateImage(ctx.operator, input.id, input.change)),

  publish: rollout
    .input(byId)
    .output(z.object({ image: imageSchema, eligible: eligibleSchema }))
    .mutation(({ ctx, input }) => publishImage(ctx.operator, input.id)),

  setBlocked: rollout
    .input(z.object({ id: recordId, blocked: z.boolean() }))
    .output(imageSchema)
    .mutation(({ ctx, input }) => setImageBlocked(ctx.operator, input.id, input.blocked)),

  delete: rollout
    .input(byId)
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await deleteImage(ctx.operator, input.id);
      return { ok: true as const };
    }),

  feed: read
    .input(z.object({ oui: short, productClass: short, hardwareVersion: short }).default({}))
    .output(
      z.object({
        generatedAt: z.string(),
        models: z.array(z.object({ productClass: z.string(), images: z.array(feedImageSchema) })),
      }),
    )
    .query(({ input }) => publishedFeed(input)),

  keys: keyAdmin
    .input(z.object({}).default({}))
    .output(z.array(keySchema))
    .query(() => listKeys()),

  trustKey: keyAdmin
    .input(z.object({ name: z.string().trim().min(1).max(128), pem: z.string().trim().min(1).max(10_000) }))
    .output(keySchema)
    .mutation(({ ctx, input }) => trustKey(ctx.operator, input)),

  revokeKey: keyAdmin
    .input(byId)
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await revokeKey(ctx.operator, input.id);
      return { ok: true as const };
    }),
});

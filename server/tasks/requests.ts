// zod schemas for every ACS->CPE RPC a task can carry: the boundary where the console, the rollout
// engine and scripts hand requests to the task queue.
import { z } from "zod";
import { XSD_TYPES, type AcsRequest } from "../cwmp/soap/types";

const path = z.string().min(1).max(1024);
const objectPath = path.regex(/\.$/, "object paths end with '.'");
const key = z.string().max(32).default("");
const commandKey = z.string().max(32).default("");
export const xsdTypeSchema = z.enum(XSD_TYPES);
const fileType = z.string().min(1).max(64);
const url = z.string().min(1).max(1024);
const credential = z.string().max(256).default("");
const uint = z.number().int().min(0).max(4294967295);

export const acsRequestSchema = z.discriminatedUnion("name", [
  z.object({ name: z.literal("GetRPCMethods") }),
  z.object({
    name: z.literal("SetParameterValues"),
    parameterList: z
      .array(z.object({ name: path, value: z.string().max(65535), type: xsdTypeSchema }))
      .min(1)
      .max(1000),
    parameterKey: key,
  }),
  z.object({
    name: z.literal("GetParameterValues"),
    parameterNames: z.array(z.string().max(1024)).min(1).max(10000),
  }),
  z.object({
    name: z.literal("GetParameterNames"),
    parameterPath: z.string().max(1024),
    nextLevel: z.boolean(),
  }),
  z.object({
    name: z.literal("SetParameterAttributes"),
    parameterList: z
      .array(
        z.object({
          name: z.string().max(1024),
          notificationChange: z.boolean(),
          notification: z.number().int().min(0).max(6),
          accessListChange: z.boolean(),
          accessList: z.array(z.string().max(64)).max(16),
        }),
      )
      .min(1)
      .max(1000),
  }),
  z.object({
    name: z.literal("GetParameterAttributes"),
    parameterNames: z.array(z.string().max(1024)).min(1).max(10000),
  }),
  z.object({ name: z.literal("AddObject"), objectName: objectPath, parameterKey: key }),
  z.object({ name: z.literal("DeleteObject"), objectName: objectPath, parameterKey: key }),
  z.object({ name: z.literal("Reboot"), commandKey }),
  z.object({
    name: z.literal("Download"),
    commandKey,
    fileType,
    url,
    username: credential,
    password: credential,
    fileSize: uint.default(0),
    targetFileName: z.string().max(256).default(""),
    delaySeconds: uint.default(0),
    successUrl: z.string().max(1024).default(""),
    failureUrl: z.string().max(1024).default(""),
  }),
  z.object({
    name: z.literal("Upload"),
    commandKey,
    fileType,
    url,
    username: credential,
    password: credential,
    delaySeconds: uint.default(0),
  }),
  z.object({ name: z.literal("FactoryReset") }),
  z.object({ name: z.literal("ScheduleInform"), delaySeconds: uint.min(1), commandKey }),
  z.object({
    name: z.literal("ScheduleDownload"),
    commandKey,
    fileType,
    url,
    username: credential,
    password: credential,
    fileSize: uint.default(0),
    targetFileName: z.string().max(256).default(""),
    timeWindowList: z
      .array(
        z.object({
          windowStart: uint,
          windowEnd: uint,
          windowMode: z.string().max(64),
          userMessage: z.string().max(256).default(""),
          maxRetries: z.number().int().min(-1).default(0),
        }),
      )
      .min(1)
      .max(2),
  }),
  z.object({ name: z.literal("CancelTransfer"), commandKey }),
  z.object({ name: z.literal("GetQueuedTransfers") }),
  z.object({ name: z.literal("GetAllQueuedTransfers") }),
  z.object({
    name: z.literal("ChangeDUState"),
    commandKey,
    operations: z
      .array(
        z.discriminatedUnion("op", [
          z.object({
            op: z.literal("Install"),
            url,
            uuid: z.string().max(36).default(""),
            username: credential,
            password: credential,
            executionEnvRef: z.string().max(256).default(""),
          }),
          z.object({
            op: z.literal("Update"),
            uuid: z.string().max(36).default(""),
            version: z.string().max(32).default(""),
            url: z.string().max(1024).default(""),
            username: credential,
            password: credential,
          }),
          z.object({
            op: z.literal("Uninstall"),
            uuid: z.string().max(36),
            version: z.string().max(32).default(""),
            executionEnvRef: z.string().max(256).default(""),
          }),
        ]),
      )
      .min(1)
      .max(16),
  }),
  z.object({ name: z.literal("GetOptions"), optionName: z.string().max(64) }),
  z.object({ name: z.literal("SetVouchers"), voucherList: z.array(z.string()).min(1).max(16) }),
]);

/** Validate and normalise (defaults filled in) a request before it is queued. */
export function parseAcsRequest(input: unknown): AcsRequest {
  return acsRequestSchema.parse(input);
}

// The device list's typed inputs, validated in the browser by the same rules the search schema
// (search-query.ts) applies on the server, with messages that say how to fix the value.
import { z } from "zod";
import { columnSchema, deviceFilterSchema, isParameterColumn, PARAM_OPS } from "./search-query";

const COLUMN_HINT = "A parameter path looks like Device.DeviceInfo.UpTime (no trailing dot).";
const FILTER_PATH_HINT = "A parameter path looks like Device.DeviceInfo.SoftwareVersion (no trailing dot).";

/** A leaf parameter path: segments of letters, digits, `_` and `-`, no trailing dot. */
const LEAF_PATH = /^[A-Za-z_][\w-]*(\.[\w-]+)*$/;

const paramShape = deviceFilterSchema.shape.param.unwrap().shape;

/** "Add a parameter column": a column id that is a parameter path, not an attribute name. */
export const addColumnForm = z.object({
  path: z
    .string()
    .trim()
    .refine((p) => columnSchema.safeParse(p).success && isParameterColumn(p), COLUMN_HINT),
});

/** "Tag and parameter filters": an empty path means no parameter filter, then no value or operator. */
export const tagParamFilterForm = z
  .object({
    tag: z
      .string()
      .trim()
      .max(deviceFilterSchema.shape.tag.unwrap().maxLength ?? 64),
    path: z
      .string()
      .trim()
      .max(paramShape.path.maxLength ?? 1024)
      .refine((p) => p === "" || LEAF_PATH.test(p), FILTER_PATH_HINT),
    op: z.enum(PARAM_OPS),
    // Absent while the input is disabled (`exists` takes no value).
    value: z
      .string()
      .max(paramShape.value.maxLength ?? 1024)
      .optional(),
  })
  .superRefine((v, ctx) => {
    if (v.path === "" && (v.value || v.op !== "eq"))
      ctx.addIssue({
        code: "custom",
        path: ["path"],
        message: "Enter the parameter path the value belongs to.",
      });
  });

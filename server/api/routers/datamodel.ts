import "server-only";
import { z } from "zod";
import { importedFactsReady, lookupObject, lookupParameter } from "../../datamodel";
import { completePath, MAX_COMPLETIONS } from "../../datamodel/completion";
import {
  analyseVendorXml,
  deleteImport,
  importVendorModel,
  listImports,
  MAX_IMPORT_BYTES,
} from "../../datamodel/imports";
import { clientFactsSchema } from "../../devices/tree-schemas";
import { importNameSchema } from "../../../lib/datamodel/import-schema";
import { recordId } from "../../../lib/ids";
import { createTRPCRouter, permissionProcedure } from "../trpc";

// Characters, not bytes: the service checks the UTF-8 size with a clear message.
const xml = z.string().min(1, "Choose a file").max(MAX_IMPORT_BYTES);
const manage = permissionProcedure("datamodel.manage");

const importSummarySchema = z.object({
  models: z.array(z.string()),
  objectCount: z.number().int(),
  parameterCount: z.number().int(),
  newParameterCount: z.number().int(),
  samplePaths: z.array(z.string()),
});

const importRecordSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  parameterCount: z.number().int(),
  createdBy: z.string(),
  createdAt: z.date(),
  models: z.array(z.string()),
});

/**
 * What the lookup shows: a parameter's facts (the editors' facts plus its default), or an object's
 * facts with the number of its parameters rather than every parameter's facts.
 */
const lookupSchema = z
  .discriminatedUnion("kind", [
    z.object({
      kind: z.literal("parameter"),
      pattern: z.string(),
      model: z.string(),
      facts: clientFactsSchema.omit({ pattern: true }).extend({ df: z.string().optional() }),
    }),
    z.object({
      kind: z.literal("object"),
      pattern: z.string(),
      model: z.string(),
      facts: z.object({
        w: z.literal(1).optional(),
        m: z.literal(1).optional(),
        mn: z.number().optional(),
        mx: z.number().nullable().optional(),
      }),
      parameterCount: z.number().int(),
    }),
  ])
  .nullable();

export const datamodelRouter = createTRPCRouter({
  /** The facts of one parameter or object path (concrete or pattern), standard or imported. */
  lookup: permissionProcedure("devices.read")
    .input(z.object({ path: z.string().trim().min(1).max(512) }))
    .output(lookupSchema)
    .query(async ({ input }) => {
      await importedFactsReady();
      const path = input.path;
      const parameter = path.endsWith(".") ? undefined : lookupParameter(path);
      if (parameter) return { kind: "parameter" as const, ...parameter };
      const object = lookupObject(path);
      if (!object) return null;
      return { kind: "object" as const, ...object, parameterCount: Object.keys(object.facts.p).length };
    }),
  /** The profile editor's path completion: the next segments after a typed prefix. */
  completePath: permissionProcedure("profiles.read")
    .input(z.object({ prefix: z.string().trim().max(512) }))
    .output(
      z
        .array(
          z.discriminatedUnion("kind", [
            z.object({ kind: z.literal("object"), path: z.string() }),
            z.object({
              kind: z.literal("parameter"),
              path: z.string(),
              type: clientFactsSchema.shape.t,
              writable: z.boolean(),
            }),
          ]),
        )
        .max(MAX_COMPLETIONS),
    )
    .query(({ input }) => completePath(input.prefix)),
  imports: manage
    .input(z.object({}).optional())
    .output(z.array(importRecordSchema))
    .query(() => listImports()),
  /** What a document would add, without storing it. */
  preview: manage
    .input(z.object({ xml }))
    .output(importSummarySchema)
    .mutation(({ input }) => analyseVendorXml(input.xml).summary),
  import: manage
    .input(z.object({ name: importNameSchema, xml }))
    .output(z.object({ id: z.number().int(), summary: importSummarySchema }))
    .mutation(({ ctx, input }) => importVendorModel(ctx.operator, input.name, input.xml)),
  delete: manage
    .input(z.object({ id: recordId }))
    .output(z.void())
    .mutation(({ ctx, input }) => deleteImport(ctx.operator, input.id)),
});

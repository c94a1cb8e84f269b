import "server-only";
import { z } from "zod";
import { importedFactsReady, lookupObject, lookupParameter } from "../../datamodel";
import {
  analyseVendorXml,
  deleteImport,
  importVendorModel,
  listImports,
  MAX_IMPORT_BYTES,
} from "../../datamodel/imports";
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

export const datamodelRouter = createTRPCRouter({
  /** The facts of one parameter or object path (concrete or pattern), standard or imported. */
  lookup: permissionProcedure("devices.read")
    .input(z.object({ path: z.string().trim().min(1).max(512) }))
    .query(async ({ input }) => {
      await importedFactsReady();
      const path = input.path;
      const parameter = path.endsWith(".") ? undefined : lookupParameter(path);
      if (parameter) return { kind: "parameter" as const, ...parameter };
      const object = lookupObject(path);
      return object ? { kind: "object" as const, ...object } : null;
    }),
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
    .input(z.object({ name: z.string().trim().min(1, "Give the import a name").max(100), xml }))
    .output(z.object({ id: z.number().int(), summary: importSummarySchema }))
    .mutation(({ ctx, input }) => importVendorModel(ctx.operator, input.name, input.xml)),
  delete: manage
    .input(z.object({ id: recordId }))
    .output(z.void())
    .mutation(({ ctx, input }) => deleteImport(ctx.operator, input.id)),
});

import { z } from "zod";

/** The largest vendor XML accepted (UTF-8 bytes); the browser checks it before uploading. */
export const MAX_IMPORT_BYTES = 4 * 1024 * 1024;

/** An import's name, as the datamodel.import procedure takes it. */
export const importNameSchema = z
  .string()
  .trim()
  .min(1, "Give the import a name")
  .max(100, "Keep the name under 100 characters");

/** The import form's typed field; the document itself comes from the chosen file. */
export const dataModelImportForm = z.object({ name: importNameSchema });

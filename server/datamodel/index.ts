// Data model facts (TR-098, TR-181, TR-135 and run-time vendor additions): lookups and validation.
import { parseDataTypes, parseDocument, type DataTypeDef, type DataTypeTable } from "./parse-xml";
import { registerFacts, setLookupHook } from "./registry";
import type { ModelFacts } from "../../lib/datamodel/types";

export {
  loadFacts,
  lookupObject,
  lookupParameter,
  objectPatterns,
  registerFacts,
  setImportedFacts,
  toPattern,
} from "./registry";
export {
  splitList,
  validateValue,
  type Validation,
  type ValidateOptions,
} from "../../lib/datamodel/validate";
export type {
  BaseType,
  ModelFacts,
  ObjectFacts,
  ObjectLookup,
  ParamFacts,
  ParameterLookup,
  RangeFact,
} from "../../lib/datamodel/types";

/**
 * Import a vendor data model document at run time. `typesXml` (e.g. tr-106-types.xml) supplies named
 * data types the document refers to but does not define.
 */
export function registerXml(xml: string, typesXml?: string): ModelFacts[] {
  const types: DataTypeTable = typesXml ? parseDataTypes(typesXml) : new Map<string, DataTypeDef>();
  const models = parseDocument(xml, types);
  registerFacts(models);
  return models;
}

// Vendor models imported at run time live in the database. The first lookup in a process, and at most
// one every few seconds after, refreshes them in the background (imports.ts; loaded lazily so tools
// that only parse XML never load the database client).
const REFRESH_EVERY_MS = 5_000;
let nextRefresh = 0;
setLookupHook(() => {
  const now = Date.now();
  if (now < nextRefresh) return;
  nextRefresh = now + REFRESH_EVERY_MS;
  void import("./imports").then((m) => m.refreshImportedFacts()).catch(() => undefined);
});

/**
 * Await before a lookup whose answer must include vendor models imported (in any process) a moment
 * ago, e.g. validating an operator's write; plain lookups rely on the background refresh above.
 */
export async function importedFactsReady(): Promise<void> {
  const { refreshImportedFacts } = await import("./imports");
  await refreshImportedFacts();
}

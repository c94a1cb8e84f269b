// Data model facts (TR-098, TR-181, TR-135 and run-time vendor additions): lookups and validation.
import { parseDataTypes, parseDocument, type DataTypeDef, type DataTypeTable } from "./parse-xml";
import { registerFacts } from "./registry";
import type { ModelFacts } from "./types";

export {
  loadFacts,
  lookupObject,
  lookupParameter,
  objectPatterns,
  registerFacts,
  toPattern,
} from "./registry";
export { splitList, validateValue, type Validation, type ValidateOptions } from "./validate";
export type {
  BaseType,
  ModelFacts,
  ObjectFacts,
  ObjectLookup,
  ParamFacts,
  ParameterLookup,
  RangeFact,
} from "./types";

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

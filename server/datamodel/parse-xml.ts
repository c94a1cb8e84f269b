// BBF data model XML (cwmp-datamodel-1-x, "full" flattened files) -> compact facts.
// Used at build time by scripts/gen-datamodel.ts and at run time to import vendor models.
// Descriptions are skipped on purpose: the product ships derived facts, never the prose.
// Limitation: <component> references are not expanded; BBF "-full" files have them inlined.
import { SaxesParser, type SaxesTagPlain } from "saxes";
import type { BaseType, ModelFacts, ObjectFacts, ParamFacts, RangeFact } from "../../lib/datamodel/types";

const BASE_TYPES = new Set<string>([
  "string",
  "int",
  "unsignedInt",
  "long",
  "unsignedLong",
  "boolean",
  "dateTime",
  "base64",
  "hexBinary",
  "decimal",
]);

/** Syntax being collected from a <syntax> or a named <dataType> definition. */
export interface SyntaxDraft {
  base?: BaseType;
  ref?: string;
  list?: { min: number | null; max: number | null; maxLength: number | null };
  maxLength?: number;
  minLength?: number;
  ranges?: RangeFact[];
  enums?: string[];
  enumsReadOnly?: string[];
  patterns?: string[];
  units?: string;
  defaultObject?: string;
  defaultFactory?: string;
}

export interface DataTypeDef {
  base?: string;
  draft: SyntaxDraft;
}

export type DataTypeTable = Map<string, DataTypeDef>;

const num = (s: string | undefined): number | null => (s === undefined || s === "" ? null : Number(s));

/** Extract internal DTD entities (tr-106-types.xml uses them inside patterns); saxes ignores DTDs. */
function dtdEntities(xml: string): Record<string, string> {
  const out: Record<string, string> = {};
  const head = xml.slice(0, Math.min(xml.length, 20000));
  for (const m of head.matchAll(/<!ENTITY\s+(\w+)\s+"([^"]*)"\s*>/g)) out[m[1]!] = m[2]!;
  return out;
}

/** Apply one element seen inside a syntax/dataType body to the draft. */
function applySyntaxElement(draft: SyntaxDraft, tag: SaxesTagPlain, inList: boolean): void {
  const a = tag.attributes;
  const name = tag.name;
  if (BASE_TYPES.has(name)) draft.base = name as BaseType;
  else if (name === "dataType" && a.ref) draft.ref = a.ref;
  else if (name === "list") {
    draft.list = { min: num(a.minItems), max: num(a.maxItems), maxLength: null };
  } else if (name === "size") {
    if (inList && draft.list) draft.list.maxLength = num(a.maxLength);
    else {
      if (a.maxLength !== undefined) draft.maxLength = Number(a.maxLength);
      if (a.minLength !== undefined && Number(a.minLength) > 0) draft.minLength = Number(a.minLength);
    }
  } else if (name === "range") {
    const r: RangeFact =
      a.step !== undefined
        ? [num(a.minInclusive), num(a.maxInclusive), Number(a.step)]
        : [num(a.minInclusive), num(a.maxInclusive)];
    (draft.ranges ??= []).push(r);
  } else if (name === "enumeration" && a.value !== undefined) {
    (draft.enums ??= []).push(a.value);
    if (a.access === "readOnly") (draft.enumsReadOnly ??= []).push(a.value);
  } else if (name === "pattern" && a.value !== undefined) (draft.patterns ??= []).push(a.value);
  else if (name === "units" && a.value !== undefined) draft.units = a.value;
  else if (name === "default" && a.status !== "deleted" && a.value !== undefined) {
    if (a.type === "object") draft.defaultObject = a.value;
    else if (a.type === "factory" || draft.defaultFactory === undefined) draft.defaultFactory = a.value;
  }
}

/** Child facets override the parent's facet of the same kind (XML dataType derivation). */
function mergeDrafts(parent: SyntaxDraft, child: SyntaxDraft): SyntaxDraft {
  const out: SyntaxDraft = { ...parent };
  for (const [k, v] of Object.entries(child)) {
    if (v !== undefined && k !== "ref") (out as Record<string, unknown>)[k] = v;
  }
  return out;
}

export function resolveDataType(types: DataTypeTable, name: string, depth = 0): SyntaxDraft {
  const def = types.get(name);
  if (!def || depth > 16) return { base: "string" };
  let draft = def.draft;
  if (draft.ref) draft = mergeDrafts(resolveDataType(types, draft.ref, depth + 1), draft);
  if (def.base) draft = mergeDrafts(resolveDataType(types, def.base, depth + 1), draft);
  return draft;
}

function toParamFacts(
  types: DataTypeTable,
  draft: SyntaxDraft,
  attrs: Record<string, string>,
  hidden: boolean,
  command: boolean,
): ParamFacts {
  const s = draft.ref ? mergeDrafts(resolveDataType(types, draft.ref), draft) : draft;
  const f: ParamFacts = { t: s.base ?? "string" };
  if (draft.ref) f.d = draft.ref;
  if (attrs.access === "readWrite") f.w = 1;
  else if (attrs.access === "writeOnceReadOnly") f.w = 2;
  if (s.ranges) f.r = s.ranges;
  if (s.maxLength !== undefined) f.l = s.maxLength;
  if (s.minLength !== undefined) f.ml = s.minLength;
  if (s.enums) f.e = s.enums;
  if (s.enumsReadOnly) f.ero = s.enumsReadOnly;
  if (s.patterns) f.pt = s.patterns;
  if (s.list) f.L = [s.list.min, s.list.max, s.list.maxLength];
  if (s.units) f.u = s.units;
  const df = draft.defaultObject ?? draft.defaultFactory;
  if (df !== undefined) f.df = df;
  if (attrs.forcedInform === "true") f.fi = 1;
  const an = attrs.activeNotify;
  if (an === "forceEnabled") f.an = "fe";
  else if (an === "forceDefaultEnabled") f.an = "fd";
  else if (an === "canDeny") f.an = "cd";
  if (hidden) f.h = 1;
  if (command) f.c = 1;
  if (attrs.status === "deprecated") f.st = "d";
  else if (attrs.status === "obsoleted") f.st = "o";
  return f;
}

function toObjectFacts(a: Record<string, string>): ObjectFacts {
  const o: ObjectFacts = { p: {} };
  if (a.access === "readWrite") o.w = 1;
  if (a.name?.endsWith("{i}.")) o.m = 1;
  if (a.minEntries !== undefined) o.mn = Number(a.minEntries);
  if (a.maxEntries !== undefined) o.mx = a.maxEntries === "unbounded" ? null : Number(a.maxEntries);
  if (a.numEntriesParameter) o.ne = a.numEntriesParameter;
  if (a.status === "deprecated") o.st = "d";
  else if (a.status === "obsoleted") o.st = "o";
  return o;
}

/** Named dataType definitions found at document level (e.g. tr-106-types.xml). */
export function parseDataTypes(xml: string, into: DataTypeTable = new Map()): DataTypeTable {
  parseDocument(xml, into);
  return into;
}

/**
 * Parse one data model document. Document-level <dataType> definitions are added to `types`
 * (in-file definitions override imported ones); every <model> becomes one ModelFacts.
 */
export function parseDocument(xml: string, types: DataTypeTable = new Map()): ModelFacts[] {
  const parser = new SaxesParser({ position: false });
  Object.assign(parser.ENTITIES, dtdEntities(xml));
  const stack: string[] = [];
  const models: ModelFacts[] = [];
  let model: ModelFacts | null = null;
  let object: ObjectFacts | null = null;
  let param: { attrs: Record<string, string>; draft: SyntaxDraft; hidden: boolean; command: boolean } | null =
    null;
  let typeDef: { name: string; def: DataTypeDef } | null = null;
  let syntaxDepth = -1; // stack depth of the element whose body is a syntax
  let skipDepth = -1; // inside a deleted object/parameter

  parser.on("opentag", (tag) => {
    const node = tag as SaxesTagPlain;
    const parent = stack[stack.length - 1];
    const depth = stack.length;
    stack.push(node.name);
    const a = node.attributes;
    if (skipDepth >= 0) return;
    if (syntaxDepth >= 0) {
      if (node.name === "description") return;
      const draft = param ? param.draft : typeDef?.def.draft;
      if (draft) applySyntaxElement(draft, node, stack.includes("list"));
      return;
    }
    if (node.name === "dataType" && parent === "dm:document" && a.name) {
      typeDef = { name: a.name, def: { base: a.base, draft: {} } };
      syntaxDepth = depth;
    } else if (node.name === "model" && a.name) {
      model = { model: a.name, o: {} };
      if (a.isService === "true") model.service = 1;
      models.push(model);
    } else if (node.name === "object" && parent === "model" && model && (a.name ?? a.base)) {
      // Vendor documents extend a standard object with <object base="Device.DeviceInfo.">.
      const objName = (a.name ?? a.base)!;
      if (a.status === "deleted") skipDepth = depth;
      else model.o[objName] = object = toObjectFacts({ ...a, name: objName });
    } else if (node.name === "parameter" && parent === "object" && object && a.name) {
      if (a.status === "deleted") skipDepth = depth;
      else param = { attrs: a, draft: {}, hidden: false, command: false };
    } else if (node.name === "syntax" && param) {
      param.hidden = a.hidden === "true" || a.secured === "true";
      param.command = a.command === "true";
      syntaxDepth = depth;
    }
  });
  parser.on("closetag", (tag) => {
    stack.pop();
    const depth = stack.length;
    if (skipDepth >= 0) {
      if (depth === skipDepth) skipDepth = -1;
      return;
    }
    if (depth === syntaxDepth) {
      syntaxDepth = -1;
      if (typeDef) {
        types.set(typeDef.name, typeDef.def);
        typeDef = null;
      }
      return;
    }
    if (tag.name === "parameter" && param && object) {
      object.p[param.attrs.name!] = toParamFacts(
        types,
        param.draft,
        param.attrs,
        param.hidden,
        param.command,
      );
      param = null;
    } else if (tag.name === "object") object = null;
    else if (tag.name === "model") model = null;
  });
  parser.write(xml).close();
  return models;
}

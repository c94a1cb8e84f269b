// Vendor data models imported by operators at run time: validate the XML with the hardened reader,
// derive facts with the BBF parser, persist them (DataModelImport) and register them in every process.
// No "server-only": index.ts loads this module lazily and plain-Node tools can reach index.ts.
import { AppError } from "../core/app-error";
import { processSlot } from "../core/process-slot";
import { audited } from "../audit/service";
import { parseXml, XmlError, type XmlElement } from "../cwmp/xml";
import { db } from "../db";
import { asJson } from "../json";
import { parseDocument } from "./parse-xml";
import { patternHazard } from "../../lib/datamodel/pattern-safety";
import { lookupParameter, setImportedFacts } from "./registry";
import type { ModelFacts } from "../../lib/datamodel/types";
import { MAX_IMPORT_BYTES } from "../../lib/datamodel/import-schema";

// One cap for the server and the console's form (which checks it before uploading).
export { MAX_IMPORT_BYTES };
const MAX_PARAMETERS = 50_000;
const SAMPLE_SIZE = 12;

const OBJECT_NAME = /^[A-Za-z_][\w-]*\.(?:(?:[A-Za-z_][\w-]*|\{i\})\.)*$/;
const PARAMETER_NAME = /^[A-Za-z_][\w-]*$/;

export interface ImportSummary {
  models: string[];
  objectCount: number;
  parameterCount: number;
  /** Parameters no model loaded so far defines (for service models, as mounted under Device.Services.). */
  newParameterCount: number;
  samplePaths: string[];
}

const XML_REASONS: Partial<Record<XmlError["reason"], string>> = {
  size: `The file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MiB`,
  doctype: "DOCTYPE declarations are refused: entities are never expanded",
  pi: "Processing instructions are not allowed",
  depth: "The XML is nested too deeply",
  elements: "The XML has too many elements",
  encoding: "The file is not valid UTF-8",
};

function readTree(xml: string): XmlElement {
  try {
    return parseXml(xml, { maxBytes: MAX_IMPORT_BYTES, maxDepth: 64, maxElements: 500_000 });
  } catch (error) {
    if (error instanceof XmlError)
      throw new AppError(
        "invalid_input",
        XML_REASONS[error.reason] ?? `Not well-formed XML: ${error.message}`,
      );
    throw error;
  }
}

/** Names become object keys and path segments: refuse anything but BBF-style names. */
function checkNames(root: XmlElement): void {
  const stack = [root];
  for (let guard = 0; stack.length && guard < 1_000_000; guard++) {
    const el = stack.pop()!;
    if (el.local === "object") {
      const name = el.attrs.name ?? el.attrs.base ?? "";
      if (!OBJECT_NAME.test(name)) throw new AppError("invalid_input", `Invalid object name "${name}"`);
    } else if (el.local === "parameter" && el.attrs.name !== undefined && !PARAMETER_NAME.test(el.attrs.name))
      throw new AppError("invalid_input", `Invalid parameter name "${el.attrs.name}"`);
    stack.push(...el.children);
  }
}

/** A pattern that could backtrack catastrophically would let one crafted value freeze the process. */
function checkPatterns(models: ModelFacts[]): void {
  for (const m of models) {
    for (const [obj, facts] of Object.entries(m.o)) {
      for (const [name, param] of Object.entries(facts.p)) {
        for (const pattern of param.pt ?? []) {
          const hazard = patternHazard(pattern);
          if (hazard)
            throw new AppError(
              "invalid_input",
              `Pattern "${pattern.slice(0, 200)}" of ${obj}${name} is refused: ${hazard}`,
            );
        }
      }
    }
  }
}

function parameterPaths(m: ModelFacts): string[] {
  const mount = m.service ? "Device.Services." : "";
  return Object.entries(m.o).flatMap(([obj, facts]) => Object.keys(facts.p).map((p) => mount + obj + p));
}

/** Parse and check a vendor document; nothing is stored or registered. */
export function analyseVendorXml(xml: string): { models: ModelFacts[]; summary: ImportSummary } {
  if (Buffer.byteLength(xml, "utf8") > MAX_IMPORT_BYTES)
    throw new AppError("invalid_input", XML_REASONS.size);
  const root = readTree(xml);
  if (root.local !== "document")
    throw new AppError(
      "invalid_input",
      "Not a BBF data model document: the root element must be dm:document",
    );
  checkNames(root);
  const models = parseDocument(xml);
  checkPatterns(models);
  const paths = models.flatMap(parameterPaths);
  if (paths.length === 0) throw new AppError("invalid_input", "The document defines no parameters");
  if (paths.length > MAX_PARAMETERS)
    throw new AppError("invalid_input", `The document defines more than ${MAX_PARAMETERS} parameters`);
  const known = (p: string) => lookupParameter(p.replaceAll("{i}", "1")) !== undefined;
  return {
    models,
    summary: {
      models: models.map((m) => m.model),
      objectCount: models.reduce((n, m) => n + Object.keys(m.o).length, 0),
      parameterCount: paths.length,
      newParameterCount: paths.filter((p) => !known(p)).length,
      samplePaths: paths.slice(0, SAMPLE_SIZE),
    },
  };
}

export interface ImportRecord {
  id: number;
  name: string;
  parameterCount: number;
  createdBy: string;
  createdAt: Date;
  models: string[];
}

export async function importVendorModel(
  actor: { id: number; username: string },
  name: string,
  xml: string,
): Promise<{ id: number; summary: ImportSummary }> {
  const { models, summary } = analyseVendorXml(xml);
  if (await db().dataModelImport.findUnique({ where: { name }, select: { id: true } }))
    throw new AppError(
      "conflict",
      `An import named "${name}" exists; delete it first or choose another name`,
    );
  const row = await audited(
    (r: { id: number }) => ({
      operatorId: actor.id,
      action: "datamodel.import",
      target: `datamodel:${name}`,
      after: { id: r.id, models: summary.models, parameterCount: summary.parameterCount },
    }),
    (tx) =>
      tx.dataModelImport.create({
        data: {
          name,
          facts: asJson(models),
          parameterCount: summary.parameterCount,
          createdBy: actor.username,
        },
        select: { id: true },
      }),
  );
  await loadImportedFacts();
  return { id: row.id, summary };
}

export async function listImports(): Promise<ImportRecord[]> {
  const rows = await db().dataModelImport.findMany({ orderBy: { createdAt: "desc" } });
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    parameterCount: r.parameterCount,
    createdBy: r.createdBy,
    createdAt: r.createdAt,
    models: (r.facts as unknown as ModelFacts[]).map((m) => m.model),
  }));
}

export async function deleteImport(actor: { id: number }, id: number): Promise<void> {
  await audited(
    (r: { name: string; parameterCount: number }) => ({
      operatorId: actor.id,
      action: "datamodel.delete",
      target: `datamodel:${r.name}`,
      before: { id, name: r.name, parameterCount: r.parameterCount },
    }),
    async (tx) => {
      const row = await tx.dataModelImport.findUnique({
        where: { id },
        select: { name: true, parameterCount: true },
      });
      if (!row) throw new AppError("not_found", `Import ${id} not found`);
      await tx.dataModelImport.delete({ where: { id } });
      return row;
    },
  );
  await loadImportedFacts();
}

// What this process last loaded, shared across module copies like the registry's slot.
const shared = processSlot<{ fingerprint: string }>("importsFingerprint");

async function fingerprint(): Promise<string> {
  const [row] = await db().$queryRaw<{ n: number; m: number; s: string }[]>`
    SELECT count(*)::int AS n, coalesce(max(id), 0)::int AS m, coalesce(sum(id), 0)::text AS s
    FROM "DataModelImport"`;
  return row ? `${row.n}:${row.m}:${row.s}` : "0";
}

/** Load every imported model from the database and register it, replacing what was loaded before. */
export async function loadImportedFacts(): Promise<number> {
  const print = await fingerprint();
  const rows = await db().dataModelImport.findMany({ orderBy: { id: "asc" }, select: { facts: true } });
  setImportedFacts(rows.flatMap((r) => r.facts as unknown as ModelFacts[]));
  shared.fingerprint = print;
  return rows.length;
}

/** Reload only when the imports changed (another process imported or deleted one). */
export async function refreshImportedFacts(): Promise<void> {
  if ((await fingerprint()) !== shared.fingerprint) await loadImportedFacts();
}

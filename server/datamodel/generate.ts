// Build-time derivation: the BBF XML files -> the committed generated/*.json facts.
// Shared by scripts/gen-datamodel.ts and the freshness test, so both produce identical bytes.
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseDataTypes, parseDocument, type DataTypeTable } from "./parse-xml";
import type { ModelFacts } from "../../lib/datamodel/types";

/** Output file -> [source XML, model name]. */
export const GENERATED_MODELS: Record<string, [string, string]> = {
  "tr-098.json": ["tr-098-1-8-0-full.xml", "InternetGatewayDevice:1.14"],
  "tr-181.json": ["tr-181-2-17-0-cwmp-full.xml", "Device:2.17"],
  "tr-135.json": ["tr-135-1-4-1-cwmp-full.xml", "STBService:1.4"],
};

/** Generate every model's JSON text (one line, no pretty-print) from the XML directory. */
export function generateFacts(xmlDir: string): Record<string, string> {
  const read = (f: string) => readFileSync(path.join(xmlDir, f), "utf8");
  const out: Record<string, string> = {};
  for (const [file, [source, modelName]] of Object.entries(GENERATED_MODELS)) {
    // Each file gets a fresh table: tr-106-types.xml first, then the file's own definitions win.
    const types: DataTypeTable = parseDataTypes(read("tr-106-types.xml"));
    const models = parseDocument(read(source), types);
    const model: ModelFacts | undefined = models.find((m) => m.model === modelName);
    if (!model) throw new Error(`${source}: model ${modelName} not found`);
    out[file] = JSON.stringify(model) + "\n";
  }
  return out;
}

// Regenerates server/datamodel/generated/*.json from the BBF data model XML (read-only, not in the
// repo). Usage: npm run datamodel [-- <xml dir>]   (default ../shared/bbf-data-models)
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { generateFacts } from "../server/datamodel/generate";

const root = path.resolve(import.meta.dirname, "..");
const xmlDir = path.resolve(root, process.argv[2] ?? "../shared/bbf-data-models");
const outDir = path.join(root, "server/datamodel/generated");
mkdirSync(outDir, { recursive: true });
for (const [file, json] of Object.entries(generateFacts(xmlDir))) {
  writeFileSync(path.join(outDir, file), json);
  console.log(`${file}: ${json.length} bytes`);
}

// `npm run db:diff -- <name>`: writes prisma/migrations/<timestamp>_<name>/migration.sql with the SQL
// that takes the schema of the newest migration to prisma/schema.prisma. Prisma 7's migrate commands
// need a native schema engine that cannot be downloaded on these machines, so the diff runs with
// Prisma 6's CLI (dev dependency prisma-diff, config prisma/diff.config.ts), whose WebAssembly schema
// engine needs a live database: a throw-away PGlite serves one. Prisma 6 also wants a datasource url,
// which Prisma 7 schemas no longer carry: both schemas are diffed from copies that have one.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startEmbeddedDatabase } from "../server/database/embedded";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  process.stderr.write("usage: npm run db:diff -- <snake_case_name>\n");
  process.exit(2);
}
const dir = path.resolve("prisma/migrations");
const previous = readdirSync(dir)
  .filter((d) => existsSync(path.join(dir, d, "schema.prisma")))
  .sort()
  .at(-1);
const work = mkdtempSync(path.join(tmpdir(), "vantage-db-diff-"));
/** A copy of `schema` whose datasource names its url, as Prisma 6 requires. */
function withUrl(schema: string, name: string): string {
  const text = readFileSync(schema, "utf8").replace(
    /(datasource db \{\n\s*provider\s*=\s*"postgresql"\n)(?!\s*url)/,
    '$1  url      = env("DATABASE_URL")\n',
  );
  const copy = path.join(work, name);
  writeFileSync(copy, text);
  return copy;
}
const database = await startEmbeddedDatabase("memory:");
try {
  const from = previous
    ? ["--from-schema-datamodel", withUrl(path.join(dir, previous, "schema.prisma"), "from.prisma")]
    : ["--from-empty"];
  const to = ["--to-schema-datamodel", withUrl("prisma/schema.prisma", "to.prisma")];
  const cli = path.resolve("node_modules/prisma-diff/build/index.js");
  const config = ["--config", path.resolve("prisma/diff.config.ts")];
  // Asynchronous: the PGlite it talks to runs on this process's event loop.
  const { stdout: sql } = await promisify(execFile)(
    process.execPath,
    [cli, "migrate", "diff", ...config, ...from, ...to, "--script"],
    { env: { ...process.env, DATABASE_URL: database.url }, encoding: "utf8" },
  );
  if (!sql.trim() || /^-- This is an empty migration/.test(sql.trim())) {
    process.stdout.write("schema unchanged: no migration written\n");
  } else {
    const stamp = new Date().toISOString().replace(/[-:T]/g, "").slice(0, 14);
    const target = path.join(dir, `${stamp}_${name}`);
    mkdirSync(target);
    writeFileSync(path.join(target, "migration.sql"), sql);
    copyFileSync("prisma/schema.prisma", path.join(target, "schema.prisma"));
    process.stdout.write(`wrote ${path.relative(process.cwd(), target)}/migration.sql\n`);
  }
} finally {
  await database.stop();
  rmSync(work, { recursive: true, force: true });
}

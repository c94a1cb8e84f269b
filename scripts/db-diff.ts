// `npm run db:diff -- <name>`: writes prisma/migrations/<timestamp>_<name>/migration.sql with the SQL
// that takes the schema of the newest migration to prisma/schema.prisma. Prisma's schema engine needs a
// live database for this (JS engines only on these machines), so a throw-away PGlite serves one.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { copyFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
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
const database = await startEmbeddedDatabase("memory:");
try {
  const from = previous
    ? ["--from-schema-datamodel", path.join(dir, previous, "schema.prisma")]
    : ["--from-empty"];
  // Asynchronous: the PGlite it talks to runs on this process's event loop.
  const { stdout: sql } = await promisify(execFile)(
    "npx",
    ["prisma", "migrate", "diff", ...from, "--to-schema-datamodel", "prisma/schema.prisma", "--script"],
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
}

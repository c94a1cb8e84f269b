// Prisma 6's CLI, kept only for `npm run db:diff` (scripts/db-diff.ts): Prisma 7's migrate commands need
// its native schema engine, which cannot be downloaded on these machines, while Prisma 6 diffs
// through the pg adapter with its bundled WebAssembly schema engine.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= "/bin/false";
process.env.PRISMA_QUERY_ENGINE_LIBRARY ??= "/dev/null";

import { PrismaPg } from "prisma-diff-adapter-pg";
import { defineConfig } from "prisma-diff/config";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "schema.prisma",
  adapter: () => Promise.resolve(new PrismaPg({ connectionString: process.env.DATABASE_URL ?? "" })),
});

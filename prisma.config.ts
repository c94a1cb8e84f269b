// Prisma CLI configuration (`prisma generate`). The app connects through the pg adapter (server/db.ts);
// migrations are diffed by Prisma 6's CLI with prisma/diff.config.ts (scripts/db-diff.ts). No engine
// binary can be downloaded here: this stops Prisma 7 from trying.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= "/bin/false";

import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  datasource: { url: process.env.DATABASE_URL ?? "" },
});

// Prisma CLI configuration. The app connects through the pg adapter (server/db.ts); the CLI needs the
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= "/bin/false";
// URL only for migrate commands (npm run db:diff).
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  datasource: { url: process.env.DATABASE_URL ?? "" },
});

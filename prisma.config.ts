// Prisma CLI configuration: JS engines only (no engine binaries can be downloaded here; see README).
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= "/bin/false";
process.env.PRISMA_QUERY_ENGINE_LIBRARY ??= "/dev/null";

import { PrismaPg } from "@prisma/adapter-pg";
import { defineConfig } from "prisma/config";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  adapter: () => Promise.resolve(new PrismaPg({ connectionString: process.env.DATABASE_URL ?? "" })),
});

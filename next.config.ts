import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // The custom server (server/main.ts) owns the process; Next only renders and routes.
  poweredByHeader: false,
  reactStrictMode: true,
  // Loaded by Node at run time rather than bundled: they carry WASM and native-ish pieces and must be
  // the same module instances the custom server already initialised.
  serverExternalPackages: ["@prisma/client", "@prisma/adapter-pg", "pg", "pino", "@electric-sql/pglite"],
  // `npm test` type-checks the whole project (tsc --noEmit) before it builds, and sets this: the build
  // then skips its own pass over the same files (~30 s of CI). Every other build checks as usual.
  typescript: { ignoreBuildErrors: process.env.VANTAGE_TYPES_CHECKED === "1" },
};

export default nextConfig;

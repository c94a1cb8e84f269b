import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // The custom server (server/main.ts) owns the process; Next only renders and routes.
  poweredByHeader: false,
  reactStrictMode: true,
  // Loaded by Node at run time rather than bundled: they carry WASM and native-ish pieces and must be
  // the same module instances the custom server already initialised.
  serverExternalPackages: ["@prisma/client", "@prisma/adapter-pg", "pg", "pino", "@electric-sql/pglite"],
};

export default nextConfig;

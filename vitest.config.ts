import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      "server-only": path.resolve(import.meta.dirname, "tests/server-only-stub.ts"),
    },
  },
  test: {
    include: [
      "server/**/*.test.ts",
      "sim/**/*.test.ts",
      "tests/**/*.test.ts",
      "bench/**/*.test.ts",
      "components/**/*.test.ts",
      "lib/**/*.test.ts",
    ],
    testTimeout: 30000,
    hookTimeout: 60000,
    pool: "forks",
    // A temp SECRETS_FILE per test file: what tests seal never writes a key into ./data.
    setupFiles: ["tests/support/secrets-env.ts"],
  },
});

import { availableParallelism } from "node:os";
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
    // Vitest's default is one worker per core less one: a single worker on the 2-core machines CI runs
    // on, while most files spend much of their time waiting on sockets and timers (12.7 -> 7 min).
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // A temp SECRETS_FILE per test file: what tests seal never writes a key into ./data.
    setupFiles: ["tests/support/secrets-env.ts", "tests/support/memory-template.ts"],
    // One migrated database dumped per run; every in-memory database starts from it.
    globalSetup: ["tests/support/global-setup.ts"],
  },
});

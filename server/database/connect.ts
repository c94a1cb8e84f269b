// Resolves the store (PostgreSQL from DATABASE_URL, else embedded PGlite under DATA_DIR), applies
// migrations and connects the one Prisma client.
import { writeFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { connectDatabase, disconnectDatabase } from "../db";
import { logger } from "../logger";
import { startEmbeddedDatabase, type EmbeddedDatabase } from "./embedded";
import { applyMigrations } from "./migrate";

export interface Store {
  url: string;
  embedded: boolean;
  close(): Promise<void>;
}

export async function openStore(opts: {
  databaseUrl?: string;
  dataDir: string;
  poolSize?: number;
}): Promise<Store> {
  const log = logger("db");
  let embedded: EmbeddedDatabase | undefined;
  let url = opts.databaseUrl;
  if (!url) {
    embedded = await startEmbeddedDatabase(opts.dataDir);
    url = embedded.url;
    log.info({ dataDir: path.resolve(opts.dataDir) }, "embedded PGlite database started");
  }
  const { applied } = await applyMigrations(url);
  if (applied.length) log.info({ applied }, "migrations applied");
  // PGlite is one single-threaded backend, and pglite-socket's multiplexing of several client
  // connections mixes up extended-protocol messages under load (seen: "portal does not exist",
  // rows of one query returned to another), so the embedded store gets exactly one connection.
  connectDatabase(url, embedded ? 1 : (opts.poolSize ?? 20));
  if (opts.dataDir !== "memory:") {
    // Tools and tests on this machine (e2e, scripts) find the running store here.
    mkdirSync(opts.dataDir, { recursive: true });
    writeFileSync(path.join(opts.dataDir, "db-url"), url + "\n");
  }
  return {
    url,
    embedded: Boolean(embedded),
    async close() {
      await disconnectDatabase();
      await embedded?.stop();
    },
  };
}

// Resolves the store (PostgreSQL from DATABASE_URL, else embedded PGlite under DATA_DIR), applies
// migrations and connects the Prisma clients (the primary's, and the read replica's when configured).
import { writeFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { connectDatabase, connectReadDatabase, disconnectDatabase } from "../db";
import { logger } from "../logger";
import { startEmbeddedDatabase, type EmbeddedDatabase } from "./embedded";
import { applyMigrations } from "./migrate";
import type { DatabasePooler } from "./pooler";

export interface Store {
  url: string;
  embedded: boolean;
  close(): Promise<void>;
}

export async function openStore(opts: {
  databaseUrl?: string;
  /** Where migrations run (the primary, past a pooler); default databaseUrl. */
  directDatabaseUrl?: string;
  /** A replica for readDb(); default: readDb() is db(). */
  readDatabaseUrl?: string;
  pooler?: DatabasePooler;
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
  const { applied } = await applyMigrations((!embedded && opts.directDatabaseUrl) || url);
  if (applied.length) log.info({ applied }, "migrations applied");
  // PGlite is one single-threaded backend, and pglite-socket's multiplexing of several client
  // connections mixes up extended-protocol messages under load (seen: "portal does not exist",
  // rows of one query returned to another), so the embedded store gets exactly one connection.
  const poolSize = embedded ? 1 : (opts.poolSize ?? 20);
  connectDatabase(url, poolSize, { pooler: embedded ? "none" : opts.pooler });
  if (opts.readDatabaseUrl && !embedded) {
    connectReadDatabase(opts.readDatabaseUrl, poolSize);
    log.info("dashboards and searches read from the replica at READ_DATABASE_URL");
  }
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

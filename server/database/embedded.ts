// The zero-set-up store: PGlite (PostgreSQL compiled to WASM) in this process, served on a loopback
// port by pglite-socket so Prisma's pg adapter and the migration runner talk to it like any PostgreSQL.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { memoryDatabaseTemplate } from "./memory-template";

export interface EmbeddedDatabase {
  url: string;
  pglite: PGlite;
  stop(): Promise<void>;
}

/** A dump of a migrated in-memory database, for startMemoryDatabasesFrom() (memory-template.ts). */
export async function dumpMigratedMemoryDatabase(
  migrate: (url: string) => Promise<unknown>,
  dumpFile: string,
): Promise<void> {
  const embedded = await startEmbeddedDatabase("memory:");
  try {
    await migrate(embedded.url);
    const dump = await embedded.pglite.dumpDataDir("none");
    writeFileSync(dumpFile, Buffer.from(await dump.arrayBuffer()));
  } finally {
    await embedded.stop();
  }
}

/** Start PGlite stored under dataDir (or in memory when dataDir is "memory:"). */
export async function startEmbeddedDatabase(dataDir: string): Promise<EmbeddedDatabase> {
  // pg_trgm backs the partial-match device search, as on a real PostgreSQL server.
  const options = { extensions: { pg_trgm } };
  let db: PGlite;
  if (dataDir === "memory:") {
    const template = memoryDatabaseTemplate();
    const loadDataDir = template ? new Blob([readFileSync(template)]) : undefined;
    db = await PGlite.create({ ...options, loadDataDir });
  } else {
    const dir = path.resolve(dataDir, "pglite");
    mkdirSync(dir, { recursive: true });
    db = await PGlite.create(dir, options);
  }
  const server = new PGLiteSocketServer({ db, port: 0, host: "127.0.0.1", maxConnections: 16 });
  await server.start();
  const address = server.getServerConn();
  const url = `postgresql://postgres:postgres@${address}/postgres?sslmode=disable`;
  return {
    url,
    pglite: db,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}

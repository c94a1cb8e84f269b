// The one Prisma client, cached on globalThis so the custom server and the Next.js bundle share it.
// Prisma runs on a pg.Pool we own, so the two hottest CWMP statements can use the same connections
// directly as named prepared statements (Prisma's raw-query path costs ~0.25 ms per call; see bench/).
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "./generated/prisma/client";

const globalForDb = globalThis as unknown as {
  __vantagePrisma?: PrismaClient;
  __vantagePool?: pg.Pool;
  __vantageDbUrl?: string;
};

/** Called once at start-up (server/start.ts, tests) with the resolved connection URL. */
export function connectDatabase(url: string, poolSize = 10): PrismaClient {
  if (globalForDb.__vantagePrisma && globalForDb.__vantageDbUrl === url) return globalForDb.__vantagePrisma;
  const pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 30_000 });
  // An idle connection dropped by a database restart must not take the process down.
  pool.on("error", () => undefined);
  const adapter = new PrismaPg(pool);
  // Generous waits: with the embedded store every transaction queues for its single connection.
  globalForDb.__vantagePrisma = new PrismaClient({
    adapter,
    transactionOptions: { maxWait: 30_000, timeout: 30_000 },
  });
  globalForDb.__vantagePool = pool;
  globalForDb.__vantageDbUrl = url;
  return globalForDb.__vantagePrisma;
}

export async function disconnectDatabase(): Promise<void> {
  const client = globalForDb.__vantagePrisma;
  const pool = globalForDb.__vantagePool;
  globalForDb.__vantagePrisma = undefined;
  globalForDb.__vantagePool = undefined;
  globalForDb.__vantageDbUrl = undefined;
  await client?.$disconnect();
  if (pool && !pool.ended) await pool.end();
}

/** The connected client; throws if start-up has not connected it yet. */
export function db(): PrismaClient {
  const client = globalForDb.__vantagePrisma;
  if (!client) throw new Error("database not connected yet");
  return client;
}

/** Run one hot-path statement as a named prepared statement on the shared pool. */
export async function preparedQuery<R extends pg.QueryResultRow>(
  name: string,
  text: string,
  values: unknown[],
): Promise<R[]> {
  const pool = globalForDb.__vantagePool;
  if (!pool) throw new Error("database not connected yet");
  return (await pool.query<R>({ name, text, values })).rows;
}

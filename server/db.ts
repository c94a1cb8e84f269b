// The one Prisma client, cached on globalThis so the custom server and the Next.js bundle share it.
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client";

const globalForDb = globalThis as unknown as { __vantagePrisma?: PrismaClient; __vantageDbUrl?: string };

/** Called once at start-up (server/main.ts, tests) with the resolved connection URL. */
export function connectDatabase(url: string, poolSize = 10): PrismaClient {
  if (globalForDb.__vantagePrisma && globalForDb.__vantageDbUrl === url) return globalForDb.__vantagePrisma;
  const adapter = new PrismaPg({ connectionString: url, max: poolSize, connectionTimeoutMillis: 30_000 });
  // Generous waits: with the embedded store every transaction queues for its single connection.
  globalForDb.__vantagePrisma = new PrismaClient({
    adapter,
    transactionOptions: { maxWait: 30_000, timeout: 30_000 },
  });
  globalForDb.__vantageDbUrl = url;
  return globalForDb.__vantagePrisma;
}

export async function disconnectDatabase(): Promise<void> {
  const client = globalForDb.__vantagePrisma;
  globalForDb.__vantagePrisma = undefined;
  globalForDb.__vantageDbUrl = undefined;
  await client?.$disconnect();
}

/** The connected client; throws if start-up has not connected it yet. */
export function db(): PrismaClient {
  const client = globalForDb.__vantagePrisma;
  if (!client) throw new Error("database not connected yet");
  return client;
}

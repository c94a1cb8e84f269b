// One Prisma client per database, cached in a process slot so the custom server and the Next.js bundle
// share it: db() on the primary, and readDb() on an optional read replica (READ_DATABASE_URL) for
// lag-tolerant reads (dashboards, searches). Prisma runs on a pg.Pool we own, so the hottest CWMP
// statements can use the same connections directly as named prepared statements (Prisma's raw-query
// path costs ~0.25 ms per call; see bench/).
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { processSlot } from "./core/process-slot";
import type { DatabasePooler } from "./database/pooler";
import { ReplicaWatch } from "./database/replica-watch";
import { logger } from "./logger";
import { PrismaClient, type Prisma } from "./generated/prisma/client";

/**
 * Secret columns no read returns unless it selects them (Prisma's global omit): a credential reaches
 * only the code that uses it (auth/login.ts, wake.ts, cwmp-backend.ts credentialsFor), never a
 * device page, export or log by accident. The client's type is left at its default on purpose:
 * typing it with this omit would change every `Prisma.TransactionClient` in the code base; instead
 * the code that needs a column selects it (its type then has it), and a test checks the runtime.
 */
export const OMITTED_SECRET_COLUMNS = {
  device: { cwmpHa1: true, cwmpPendingHa1: true, connectionRequestPassword: true },
  operator: { passwordHash: true },
  profile: { secrets: true },
} as const satisfies Prisma.GlobalOmitConfig;

interface Connected {
  prisma: PrismaClient;
  pool: pg.Pool;
  url: string;
}

const globalForDb = processSlot<Connected & { namedStatements: boolean; preparedMisses: number }>("db");
const globalForReadDb = processSlot<Connected & { watch: ReplicaWatch }>("read-db");

function createClient(url: string, poolSize: number): Connected {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 30_000 });
  // A connection dropped by a database restart must not take the process down: the pool handles
  // idle ones; a checked-out connection (a transaction between statements) has no listener of the
  // pool's, so each connection gets its own. The broken connection then fails its next query (handled
  // by the caller) and the pool discards it on release.
  pool.on("error", () => undefined);
  pool.on("connect", (client) => client.on("error", () => undefined));
  const adapter = new PrismaPg(pool);
  // Generous waits: with the embedded store every transaction queues for its single connection. Typed
  // as the plain client on purpose (see OMITTED_SECRET_COLUMNS).
  const prisma: PrismaClient = new PrismaClient({
    adapter,
    omit: OMITTED_SECRET_COLUMNS,
    transactionOptions: { maxWait: 30_000, timeout: 30_000 },
  });
  return { prisma, pool, url };
}

/** Called once at start-up (server/database/connect.ts, tests) with the resolved connection URL. */
export function connectDatabase(
  url: string,
  poolSize = 10,
  opts: { pooler?: DatabasePooler } = {},
): PrismaClient {
  globalForDb.namedStatements = opts.pooler !== "pgbouncer-transaction";
  if (globalForDb.prisma && globalForDb.url === url) return globalForDb.prisma;
  const connected = createClient(url, poolSize);
  Object.assign(globalForDb, connected);
  return connected.prisma;
}

/** The read replica's client (READ_DATABASE_URL); readDb() is the primary's until this is called. */
export function connectReadDatabase(url: string, poolSize = 10): PrismaClient {
  if (globalForReadDb.prisma && globalForReadDb.url === url) return globalForReadDb.prisma;
  globalForReadDb.watch?.stop();
  const connected = createClient(url, poolSize);
  Object.assign(globalForReadDb, connected, { watch: new ReplicaWatch(connected.pool) });
  return connected.prisma;
}

export async function disconnectDatabase(): Promise<void> {
  globalForReadDb.watch?.stop();
  globalForReadDb.watch = undefined;
  const clients = [globalForDb, globalForReadDb].map((slot) => {
    const { prisma, pool } = slot;
    slot.prisma = undefined;
    slot.pool = undefined;
    slot.url = undefined;
    return { prisma, pool };
  });
  await Promise.all(clients.map(({ prisma, pool }) => closeClient(prisma, pool)));
}

async function closeClient(client: PrismaClient | undefined, pool: pg.Pool | undefined): Promise<void> {
  await client?.$disconnect();
  // A connection broken by a database restart may never be handed back (a transaction that failed on
  // it): stop waiting for it after a while rather than hang the shutdown.
  if (pool && !pool.ended) {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      pool.end(),
      new Promise<void>((resolve) => (timer = setTimeout(resolve, 5000).unref())),
    ]);
    clearTimeout(timer);
  }
}

/** The pool under the Prisma client (tests that need a raw connection); throws before start-up. */
export function databasePool(): pg.Pool {
  const pool = globalForDb.pool;
  if (!pool) throw new Error("database not connected yet");
  return pool;
}

/** The connected client; throws if start-up has not connected it yet. */
export function db(): PrismaClient {
  const client = globalForDb.prisma;
  if (!client) throw new Error("database not connected yet");
  return client;
}

/**
 * The client for reads that tolerate replication lag (dashboards, searches, exports): the replica's
 * when READ_DATABASE_URL is set and it answers, else db(). Never for a read that must see this
 * request's own write.
 */
export function readDb(): PrismaClient {
  const replica = globalForReadDb.prisma;
  return replica && globalForReadDb.watch?.healthy !== false ? replica : db();
}

/**
 * Run one hot-path statement as a named prepared statement on the shared pool.
 *
 * A failed named statement never poisons a connection. node-postgres remembers per connection which
 * names it has prepared; when a statement fails, that record and the server can disagree (PGlite
 * creates the statement but reports only the error, so every later call fails with 42P05 "prepared
 * statement already exists" until restart; the opposite shows as 26000 "does not exist"). So after
 * any failure the name is deallocated and the connection dropped from the pool, and a call that
 * failed with one of those two codes is retried once on a fresh connection.
 *
 * Behind pgbouncer in transaction mode (DATABASE_POOLER=pgbouncer-transaction) the statement is sent
 * unnamed: the server connection that would keep it changes with every transaction.
 */
export async function preparedQuery<R extends pg.QueryResultRow>(
  name: string,
  text: string,
  values: unknown[],
): Promise<R[]> {
  const pool = globalForDb.pool;
  if (!pool) throw new Error("database not connected yet");
  if (!STATEMENT_NAME.test(name)) throw new Error(`invalid prepared statement name ${JSON.stringify(name)}`);
  if (!globalForDb.namedStatements) return (await pool.query<R>({ text, values })).rows;
  try {
    return await runPrepared<R>(pool, name, text, values);
  } catch (error) {
    if (!PREPARED_STATE_CODES.has((error as { code?: unknown }).code as string)) throw error;
    hintAtPooler(error);
    return runPrepared<R>(pool, name, text, values);
  }
}

/**
 * Run one hot-path statement whose text varies from call to call (so it cannot be a named prepared
 * statement) on the shared pool, outside any transaction. Prisma's raw query costs this process ~4x
 * the CPU of the pool's for the same statement (433 vs 112 microseconds with a 30 KB parameter,
 * 160 vs 61 for a small one): the difference is its parameter and result handling, not the database.
 * Values go as node-postgres sends them (text; Dates as local timestamps, so pass ISO text instead).
 */
export async function poolQuery<R extends pg.QueryResultRow>(text: string, values: unknown[]): Promise<R[]> {
  const pool = globalForDb.pool;
  if (!pool) throw new Error("database not connected yet");
  return (await pool.query<R>({ text, values })).rows;
}

/**
 * Named statements that keep going missing (or turning up twice) are the signature of a transaction-
 * mode pooler the settings do not mention: say so once, with the fix, rather than leave only the
 * sporadic failures. A few such errors after a PGlite hiccup or a database restart are normal.
 */
function hintAtPooler(error: unknown): void {
  globalForDb.preparedMisses = (globalForDb.preparedMisses ?? 0) + 1;
  if (globalForDb.preparedMisses !== POOLER_HINT_AFTER) return;
  logger("db").warn(
    { err: error, misses: POOLER_HINT_AFTER },
    "prepared statements keep disappearing between calls: behind pgbouncer in transaction mode? set DATABASE_POOLER=pgbouncer-transaction (or use session mode)",
  );
}

const POOLER_HINT_AFTER = 20;

const STATEMENT_NAME = /^[a-z0-9-]{1,63}$/;
/** 42P05 duplicate_prepared_statement, 26000 invalid_sql_statement_name. */
const PREPARED_STATE_CODES = new Set(["42P05", "26000"]);

async function runPrepared<R extends pg.QueryResultRow>(
  pool: pg.Pool,
  name: string,
  text: string,
  values: unknown[],
): Promise<R[]> {
  const client = await pool.connect();
  let rows: R[];
  try {
    rows = (await client.query<R>({ name, text, values })).rows;
  } catch (error) {
    // The embedded store is one backend shared by every connection: a new connection alone would
    // meet the same stale statement there, hence DEALLOCATE first (its own failure is irrelevant).
    await client.query(`DEALLOCATE "${name}"`).catch(() => undefined);
    client.release(true);
    throw error;
  }
  client.release();
  return rows;
}

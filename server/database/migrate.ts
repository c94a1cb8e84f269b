// Applies prisma/migrations/*/migration.sql in name order, each in its own transaction, under a
// PostgreSQL advisory lock so several ACS processes starting at once apply each migration once.
// (`prisma migrate deploy` cannot run with the JS engines on these machines; see README.)
//
// The lock is transaction-scoped and taken again for each migration: a session-level lock through
// pgbouncer in transaction mode would be taken on one server connection and released on another (or
// never), leaving later starts waiting forever. Each transaction stays on one server connection there.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, existsSync } from "node:fs";
import path from "node:path";
import pg from "pg";

const MIGRATION_LOCK = 75_470_001;

export interface MigrationResult {
  applied: string[];
}

export function migrationsDir(): string {
  return path.resolve(process.cwd(), "prisma", "migrations");
}

interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

function readMigrations(dir: string): Migration[] {
  const out: Migration[] = [];
  for (const name of readdirSync(dir).sort()) {
    const file = path.join(dir, name, "migration.sql");
    if (!existsSync(file)) continue;
    const sql = readFileSync(file, "utf8");
    out.push({ name, sql, checksum: createHash("sha256").update(sql).digest("hex") });
  }
  return out;
}

/** Runs `work` in a transaction holding the migration lock; the lock ends with the transaction. */
async function underLock<T>(client: pg.Client, work: () => Promise<T>): Promise<T> {
  await client.query("BEGIN");
  try {
    await client.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK]);
    const result = await work();
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  }
}

async function appliedChecksum(client: pg.Client, name: string): Promise<string | undefined> {
  const rows = await client.query<{ checksum: string }>(
    `SELECT checksum FROM "_vantage_migrations" WHERE name = $1`,
    [name],
  );
  return rows.rows[0]?.checksum;
}

/**
 * Applies one migration under the lock unless another process did meanwhile; returns the checksum
 * already recorded, or undefined when this call applied it.
 */
function applyUnlessDone(client: pg.Client, migration: Migration): Promise<string | undefined> {
  return underLock(client, async () => {
    const previous = await appliedChecksum(client, migration.name);
    if (previous !== undefined) return previous;
    try {
      await client.query(migration.sql);
    } catch (error) {
      throw new Error(`migration ${migration.name} failed: ${(error as Error).message}`);
    }
    await client.query(`INSERT INTO "_vantage_migrations"(name, checksum) VALUES ($1, $2)`, [
      migration.name,
      migration.checksum,
    ]);
    return undefined;
  });
}

export async function applyMigrations(url: string, dir = migrationsDir()): Promise<MigrationResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await underLock(client, () =>
      client.query(
        `CREATE TABLE IF NOT EXISTS "_vantage_migrations" (
           name text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
      ),
    );
    // Read once without the lock: on an up-to-date database nothing else is needed.
    const known = new Map(
      (
        await client.query<{ name: string; checksum: string }>(
          `SELECT name, checksum FROM "_vantage_migrations"`,
        )
      ).rows.map((r) => [r.name, r.checksum]),
    );
    const applied: string[] = [];
    for (const migration of readMigrations(dir)) {
      const done = known.get(migration.name) ?? (await applyUnlessDone(client, migration));
      if (done === undefined) applied.push(migration.name);
      else if (done !== migration.checksum)
        throw new Error(`migration ${migration.name} was edited after it was applied`);
    }
    return { applied };
  } finally {
    await client.end();
  }
}

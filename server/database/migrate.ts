// Applies prisma/migrations/*/migration.sql in name order, each in its own transaction, under a
// PostgreSQL advisory lock so several ACS processes starting at once apply each migration once.
// (`prisma migrate deploy` cannot run with the JS engines on these machines; see README.)
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

export async function applyMigrations(url: string, dir = migrationsDir()): Promise<MigrationResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK]);
    await client.query(
      `CREATE TABLE IF NOT EXISTS "_vantage_migrations" (
         name text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const done = new Map<string, string>(
      (
        await client.query<{ name: string; checksum: string }>(
          `SELECT name, checksum FROM "_vantage_migrations"`,
        )
      ).rows.map((r) => [r.name, r.checksum]),
    );
    const applied: string[] = [];
    for (const name of readdirSync(dir).sort()) {
      const file = path.join(dir, name, "migration.sql");
      if (!existsSync(file)) continue;
      const sql = readFileSync(file, "utf8");
      const checksum = createHash("sha256").update(sql).digest("hex");
      const previous = done.get(name);
      if (previous !== undefined) {
        if (previous !== checksum) throw new Error(`migration ${name} was edited after it was applied`);
        continue;
      }
      await client.query("BEGIN");
      try {
        await client.query(sql);
        await client.query(`INSERT INTO "_vantage_migrations"(name, checksum) VALUES ($1, $2)`, [
          name,
          checksum,
        ]);
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw new Error(`migration ${name} failed: ${(error as Error).message}`);
      }
      applied.push(name);
    }
    return { applied };
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK]).catch(() => undefined);
    await client.end();
  }
}

// What may sit between this process and PostgreSQL (DATABASE_POOLER). Its own module so the settings
// (server/env.ts) can name the choices without loading the database client.

/**
 * pgbouncer in transaction mode (before 1.21) hands each transaction any server connection, so a
 * statement prepared by name on one is missing on the next: preparedQuery (server/db.ts) then sends
 * unnamed statements. Session mode keeps one server connection per client connection, so named
 * statements work as without a pooler.
 */
export const DATABASE_POOLERS = ["none", "pgbouncer-transaction", "pgbouncer-session"] as const;
export type DatabasePooler = (typeof DATABASE_POOLERS)[number];

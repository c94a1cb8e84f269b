// The database settings (server/env.ts spreads them into the one schema): the primary, the pooler in
// front of it, the direct connection migrations use, and an optional read replica.
import { z } from "zod";
import { DATABASE_POOLERS } from "./database/pooler";
import { postgresUrl } from "./env-fields";

export const databaseSettings = {
  DATABASE_URL: postgresUrl,
  /**
   * A pooler between the ACS and PostgreSQL. pgbouncer-transaction: the hot path sends unnamed
   * statements (pgbouncer before 1.21 loses named ones between transactions); pgbouncer-session
   * needs nothing special (same as none).
   */
  DATABASE_POOLER: z.enum(DATABASE_POOLERS).default("none"),
  /** Migrations run over this connection when set: the primary itself, past a transaction-mode pooler. */
  DIRECT_DATABASE_URL: postgresUrl,
  /** A streaming replica for lag-tolerant reads (dashboards, searches, exports); default DATABASE_URL. */
  READ_DATABASE_URL: postgresUrl,
};

// A database connection killed while the ACS holds it (checked out of the pool, between two
// statements, as during a PostgreSQL restart) must not take the process down: seen in bench:crash,
// where the restart made node-postgres emit an unhandled 'error' on a checked-out connection and the
// ACS exited. Needs PostgreSQL (pg_terminate_backend); CI runs this suite on PostgreSQL.
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { databasePool, db } from "../../server/db";
import { startTestServer, type TestServer } from "../support/test-server";

const onPostgres = Boolean(process.env.TEST_DATABASE_URL);
let server: TestServer | undefined;

beforeAll(async () => {
  if (onPostgres) server = await startTestServer({ CWMP_PROVISION_CR_CREDENTIALS: "false" });
});
afterAll(async () => {
  await server?.close();
});

it.skipIf(!onPostgres)("survives a connection terminated while it is checked out", async () => {
  const unhandled: unknown[] = [];
  const onError = (err: unknown): void => void unhandled.push(err);
  process.on("uncaughtException", onError);
  const admin = new pg.Client({ connectionString: server!.databaseUrl });
  await admin.connect();
  const held = await databasePool().connect();
  try {
    const { rows } = await held.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
    await admin.query("SELECT pg_terminate_backend($1)", [rows[0]!.pid]);
    // The FATAL message arrives while no query runs on the held connection.
    await new Promise((resolve) => setTimeout(resolve, 500));
    await expect(held.query("SELECT 1")).rejects.toThrow();
    expect(unhandled).toEqual([]);
    held.release(true);
    // The pool hands out working connections again.
    expect(await db().$queryRawUnsafe<{ ok: number }[]>("SELECT 1 AS ok")).toEqual([{ ok: 1 }]);
  } finally {
    process.off("uncaughtException", onError);
    await admin.end();
  }
});

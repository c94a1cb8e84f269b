// Migration lz4_documents: on a PostgreSQL built with lz4 the parameter document and a task's kept
// answer are compressed with it (and a document written there is stored so); the embedded PGlite,
// built without lz4, migrated anyway and keeps pglz.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../server/db";
import { startTestServer, type TestServer } from "../support/test-server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
}, 60_000);
afterAll(async () => {
  await server?.close();
});

const compression = async (table: string, column: string): Promise<string> => {
  const rows = await db().$queryRawUnsafe<{ c: string }[]>(
    `SELECT attcompression::text AS c FROM pg_attribute WHERE attrelid = $1::regclass AND attname = $2`,
    `"${table}"`,
    column,
  );
  return rows[0]?.c ?? "?";
};

/** Whether this server was built with lz4 (setting it as the default fails otherwise). */
const hasLz4 = async (): Promise<boolean> =>
  db()
    .$transaction(async (tx) => {
      await tx.$executeRawUnsafe("SET LOCAL default_toast_compression = lz4");
      return true;
    })
    .catch(() => false);

describe("document compression", () => {
  it("is lz4 where the server has it, pglz (the column default) where it does not", async () => {
    const lz4 = await hasLz4();
    if (process.env.TEST_DATABASE_URL) expect(lz4).toBe(true); // Debian's PostgreSQL is built with lz4
    const expected = lz4 ? "l" : "";
    expect(await compression("Device", "parameters")).toBe(expected);
    expect(await compression("Task", "result")).toBe(expected);
  });

  it("stores a large document compressed with that method and reads it back whole", async () => {
    const doc = Object.fromEntries(
      Array.from({ length: 500 }, (_, i) => [`Device.X.${i}.Name`, { v: `value ${i}`, t: "string", ts: 1 }]),
    );
    const device = await db().device.create({
      data: {
        oui: "00AA00",
        productClass: "LZ",
        serialNumber: "LZ4-1",
        manufacturer: "Test",
        parameters: doc,
      },
    });
    const [row] = await db().$queryRawUnsafe<{ method: string | null }[]>(
      `SELECT pg_column_compression(parameters) AS method FROM "Device" WHERE id = $1`,
      device.id,
    );
    expect(row?.method).toBe((await hasLz4()) ? "lz4" : "pglz");
    const back = await db().device.findUniqueOrThrow({
      where: { id: device.id },
      select: { parameters: true },
    });
    expect(back.parameters).toEqual(doc);
  });
});

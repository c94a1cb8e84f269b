// Kills the server (SIGKILL) in the middle of a firmware wave, with Downloads queued and in flight; the
// restarted server's engine carries on from the database: the wave finishes and no device of it was
// sent a second Download (each device's row names its one task; the task carries the CommandKey).
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { connectDatabase, disconnectDatabase } from "../../server/db";
import { overrideSettings } from "../../server/env";
import { createWave } from "../../server/firmware/waves/actions";
import { startFleet, type Fleet } from "../../sim";
import { addTestImage } from "../support/firmware";
import { freePort, query, startServerProcess } from "../support/server-process";
import { freshDatabaseUrl, waitFor } from "../support/test-server";

const children: ChildProcess[] = [];
const dataDir = mkdtempSync(path.join(tmpdir(), "vantage-wave-crash-"));
let fleet: Fleet | undefined;

afterAll(async () => {
  await fleet?.stop();
  for (const child of children) child.kill("SIGKILL");
  rmSync(dataDir, { recursive: true, force: true });
});

describe("server killed mid-wave", () => {
  it("finishes the wave after a restart without a second Download to any device", async () => {
    const cwmpPort = await freePort();
    const databaseUrl = (await freshDatabaseUrl()) ?? "";
    const firmwareDir = path.join(dataDir, "firmware");
    const env = {
      DATABASE_URL: databaseUrl,
      DATA_DIR: dataDir,
      FIRMWARE_DIR: firmwareDir,
      HOST: "127.0.0.1",
      PORT: String(await freePort()),
      CWMP_PORT: String(cwmpPort),
      FILE_PORT: String(await freePort()),
      BULKDATA_PORT: String(await freePort()),
      CWMP_AUTH: "none",
      CWMP_SESSION_TIMEOUT: "2",
      CONNECTION_REQUEST_ALLOWED_NETWORKS: "127.0.0.0/8",
      ADMIN_PASSWORD: "crash-test-password",
      LOG_LEVEL: "warn",
    };
    const first = await startServerProcess(env, children);
    const url = (): string => databaseUrl || readFileSync(path.join(dataDir, "db-url"), "utf8").trim();
    const devices = 10;
    fleet = await startFleet({
      acsUrl: `http://127.0.0.1:${cwmpPort}/`,
      devices,
      seed: 5,
      crHost: "127.0.0.1",
      crPort: 0,
      retryScale: 0.01,
      evolveEveryMs: 0,
      startSpreadMs: 200,
    });
    await waitFor(
      async () =>
        (
          await query<{ n: number }>(
            url(),
            `SELECT count(*)::int AS n FROM "DeviceLastInform" WHERE "informedAt" IS NOT NULL`,
          )
        )[0]!.n === devices,
      30_000,
    );

    // The wave is written from here, into the server's database and file store; its engine runs it.
    overrideSettings({ ...env, DATABASE_URL: url(), SECRETS_FILE: path.join(dataDir, "secrets.json") });
    connectDatabase(url(), 1);
    const image = await addTestImage({ version: "77.0.1", size: 256 * 1024 });
    const [admin] = await query<{ id: number; username: string }>(
      url(),
      `SELECT id, username FROM "Operator" LIMIT 1`,
    );
    const { id } = await createWave(admin!, {
      name: "crash",
      imageId: image.id,
      filter: {},
      plan: {
        canary: { count: 2 },
        stages: [{ percent: 100 }],
        waitMinutes: 0,
        perMinute: 1000,
        maxConcurrent: 4,
        maxFailures: 100,
        failureRatio: 1,
      },
      start: true,
    });
    await disconnectDatabase();

    // Kill it while the later stage has Downloads queued or in flight.
    await waitFor(
      async () =>
        (
          await query<{ n: number }>(
            url(),
            `SELECT count(*)::int AS n FROM "WaveDevice" WHERE "waveId" = $1 AND stage = 1 AND state <> 'pending'`,
            [id],
          )
        )[0]!.n > 0,
      60_000,
      50,
    );
    first.kill("SIGKILL");
    await new Promise((resolve) => first.once("exit", resolve));

    await startServerProcess(env, children);
    await waitFor(
      async () =>
        (await query<{ state: string }>(url(), `SELECT state FROM "Wave" WHERE id = $1`, [id]))[0]?.state ===
        "done",
      120_000,
      250,
    ).catch(async (err: unknown) => {
      // What each device was doing when the time ran out, for the failure report.
      const rows = await query(
        url(),
        `SELECT wd."deviceId", wd.stage, wd.state, wd.reason, t.state AS task, t."lastError", t.attempts
           FROM "WaveDevice" wd LEFT JOIN "Task" t ON t.id = wd."taskId" WHERE wd."waveId" = $1 ORDER BY 1`,
        [id],
      );
      throw new Error(`${String(err)}: ${JSON.stringify(rows)}`);
    });
    const perDevice = await query<{ deviceId: number; n: number }>(
      url(),
      `SELECT "deviceId", count(*)::int AS n FROM "Task" WHERE "batchId" = $1 AND name = 'Download' GROUP BY 1`,
      [`wave-${id}`],
    );
    expect(perDevice).toHaveLength(devices);
    expect(perDevice.every((d) => d.n === 1)).toBe(true);
    const states = await query<{ state: string; n: number }>(
      url(),
      `SELECT state, count(*)::int AS n FROM "WaveDevice" WHERE "waveId" = $1 GROUP BY 1`,
      [id],
    );
    // Downloads cut by the kill may fail (the CPE reports the transfer failure); none is lost or doubled.
    expect(states.reduce((sum, s) => sum + s.n, 0)).toBe(devices);
    expect(states.every((s) => s.state === "verified" || s.state === "failed")).toBe(true);
    expect(states.find((s) => s.state === "verified")?.n ?? 0).toBeGreaterThanOrEqual(devices - 4);
  }, 300_000);
});

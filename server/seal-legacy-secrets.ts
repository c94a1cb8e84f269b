// Rows written before credentials were sealed at rest hold them in clear: connection-request
// passwords on devices, secret values in queued (and finished) SetParameterValues tasks. Run at
// start-up (once per database: sealLegacySecretsOnce), this seals them in place, in bounded batches; it is idempotent (what is sealed is
// skipped) and safe beside a running server (each row is replaced only if it did not change meanwhile).
import type { AcsRequest } from "./cwmp/soap/types";
import { isSecretParameter } from "./datamodel/secret-parameters";
import { db } from "./db";
import { logger } from "./logger";
import { isSealed, sealSecret, secretsKey } from "./secrets-file";

const BATCH = 500;
/** Far above any fleet (500 × 100,000 rows); only a bound against a cursor that stops moving. */
const MAX_BATCHES = 100_000;
/** The sealed form (secrets-file.ts), for the database to skip rows already done. */
const SEALED_SQL = "^v1:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]{22,}$";

export interface SealedCounts {
  devices: number;
  tasks: number;
}

export async function sealLegacySecrets(): Promise<SealedCounts> {
  secretsKey(); // a broken secrets file stops here, before any row is read
  const counts = { devices: await sealDevicePasswords(), tasks: await sealTaskValues() };
  if (counts.devices || counts.tasks) logger("secrets").info(counts, "legacy plaintext credentials sealed");
  return counts;
}

async function sealDevicePasswords(): Promise<number> {
  let sealed = 0;
  let cursor = 0;
  for (let i = 0; i < MAX_BATCHES; i++) {
    const rows = await db().$queryRaw<{ id: number; password: string }[]>`
      SELECT id, "connectionRequestPassword" AS password FROM "Device"
       WHERE id > ${cursor} AND "connectionRequestPassword" IS NOT NULL
         AND "connectionRequestPassword" !~ ${SEALED_SQL}
       ORDER BY id LIMIT ${BATCH}`;
    for (const row of rows) {
      const { count } = await db().device.updateMany({
        where: { id: row.id, connectionRequestPassword: row.password },
        data: { connectionRequestPassword: sealSecret(row.password) },
      });
      sealed += count;
    }
    if (rows.length < BATCH) break;
    cursor = rows[rows.length - 1]!.id;
  }
  return sealed;
}

/** The request with its plain secret values sealed, or undefined when there is nothing to seal. */
function sealedRequest(request: AcsRequest): AcsRequest | undefined {
  if (request.name !== "SetParameterValues" || !Array.isArray(request.parameterList)) return undefined;
  let changed = false;
  const parameterList = request.parameterList.map((p) => {
    if (typeof p.value !== "string" || !isSecretParameter(p.name) || isSealed(p.value)) return p;
    changed = true;
    return { ...p, value: sealSecret(p.value) };
  });
  return changed ? { ...request, parameterList } : undefined;
}

async function sealTaskValues(): Promise<number> {
  let sealed = 0;
  let cursor = 0;
  for (let i = 0; i < MAX_BATCHES; i++) {
    const rows = await db().$queryRaw<{ id: number; request: AcsRequest }[]>`
      SELECT id, request FROM "Task"
       WHERE id > ${cursor} AND name = 'SetParameterValues'
       ORDER BY id LIMIT ${BATCH}`;
    for (const row of rows) {
      const next = sealedRequest(row.request);
      if (!next) continue;
      sealed += await db().$executeRaw`
        UPDATE "Task" SET request = ${JSON.stringify(next)}::jsonb
         WHERE id = ${row.id} AND request = ${JSON.stringify(row.request)}::jsonb`;
    }
    if (rows.length < BATCH) break;
    cursor = rows[rows.length - 1]!.id;
  }
  return sealed;
}

/** Marks (in AppSecret) that a full pass completed: later releases never write credentials in clear. */
const DONE_MARKER = "legacy-secrets-sealed-v1";

/**
 * What start-up runs: one complete pass per database, not a scan of every task on every boot. The
 * marker is written only after a pass that finished, so an interrupted one runs again.
 */
export async function sealLegacySecretsOnce(): Promise<SealedCounts | null> {
  const done = await db().appSecret.findUnique({ where: { key: DONE_MARKER }, select: { key: true } });
  if (done) return null;
  const counts = await sealLegacySecrets();
  await db().appSecret.createMany({
    data: [{ key: DONE_MARKER, value: new Date().toISOString() }],
    skipDuplicates: true,
  });
  return counts;
}

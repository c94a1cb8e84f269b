// Recording an Inform: one statement upserts the device (identity, searchable columns, merged
// parameter document), takes its session lock and appends the inform event. It is the hottest
// query of the ACS, hence raw SQL, and concurrent Informs are batched (./inform-batch.ts).
import type { BeginSessionInput } from "../cwmp/session/backend";
import { createHash } from "node:crypto";
import { Batcher } from "../database/batcher";
import { preparedQuery } from "../db";
import { updateKnownDevices } from "./inform-batch";
import { deriveAttributes } from "./attributes";
import { toDocument } from "./parameter-document";

export interface InformRecorded {
  deviceId: number;
  inserted: boolean;
  hasConnectionRequestCredentials: boolean;
  rootObject: string;
}

/** One Inform as the columns the statements take. */
export interface InformRow {
  oui: string;
  productClass: string;
  serialNumber: string;
  manufacturer: string;
  kind: string | null;
  rootObject: string | null;
  modelName: string | null;
  softwareVersion: string | null;
  hardwareVersion: string | null;
  ipAddress: string | null;
  remoteAddress: string | null;
  subscriberId: string | null;
  connectionRequestUrl: string | null;
  udpConnectionRequestAddr: string | null;
  periodicInformInterval: number | null;
  gatewayOui: string | null;
  gatewaySerialNumber: string | null;
  gatewayProductClass: string | null;
  cwmpVersion: string;
  document: string;
  now: string;
  boot: boolean;
  bootstrap: boolean;
  sessionId: string;
  lockTtlMs: string;
  events: string[];
  commandKeys: string[];
  retryCount: number;
  hash: string;
}

export function toInformRow(input: BeginSessionInput, now = new Date()): InformRow {
  const { inform } = input;
  const attrs = deriveAttributes(new Map(inform.parameterList.map((p) => [p.name, p.value])));
  const codes = inform.events.map((e) => e.eventCode.trim());
  return {
    oui: inform.deviceId.oui,
    productClass: inform.deviceId.productClass,
    serialNumber: inform.deviceId.serialNumber,
    manufacturer: inform.deviceId.manufacturer,
    kind: attrs.kind ?? null,
    rootObject: attrs.rootObject ?? null,
    modelName: attrs.modelName ?? null,
    softwareVersion: attrs.softwareVersion ?? null,
    hardwareVersion: attrs.hardwareVersion ?? null,
    ipAddress: attrs.ipAddress ?? null,
    remoteAddress: input.remoteAddress || null,
    subscriberId: attrs.subscriberId ?? null,
    connectionRequestUrl: attrs.connectionRequestUrl ?? null,
    udpConnectionRequestAddr: attrs.udpConnectionRequestAddr ?? null,
    periodicInformInterval: attrs.periodicInformInterval ?? null,
    gatewayOui: attrs.gatewayOui ?? null,
    gatewaySerialNumber: attrs.gatewaySerialNumber ?? null,
    gatewayProductClass: attrs.gatewayProductClass ?? null,
    cwmpVersion: input.cwmpVersion,
    document: JSON.stringify(toDocument(inform.parameterList, now.getTime())),
    now: now.toISOString(),
    boot: codes.some((c) => c === "1 BOOT" || c === "0 BOOTSTRAP"),
    bootstrap: codes.includes("0 BOOTSTRAP"),
    sessionId: input.sessionId,
    lockTtlMs: String(input.lockTtlMs),
    events: codes,
    commandKeys: inform.events.map((e) => e.commandKey),
    retryCount: inform.retryCount,
    // Periodic Informs mostly repeat the same values: then the (large) document is left untouched.
    hash: informHash(inform.parameterList),
  };
}

/** Concurrent Informs share one statement; the few it cannot update (new or locked devices) go alone. */
const batcher = new Batcher<InformRow, InformRecorded | null>(async (rows) => {
  const updated = rows.length > 1 ? await updateKnownDevices(rows) : new Map<number, InformRecorded>();
  return Promise.all(rows.map(async (row, i) => updated.get(i) ?? (await upsertOne(row))));
});

/** Returns null when another live session holds the device's lock. */
export function recordInform(input: BeginSessionInput, now = new Date()): Promise<InformRecorded | null> {
  return batcher.add(toInformRow(input, now));
}

async function upsertOne(r: InformRow): Promise<InformRecorded | null> {
  const rows = await preparedQuery<{ id: number; inserted: boolean; has_cr: boolean; root: string }>(
    "record-inform",
    `WITH device AS (
       INSERT INTO "Device" AS d (oui, "productClass", "serialNumber", manufacturer, kind, "rootObject", "modelName",
           "softwareVersion", "hardwareVersion", "ipAddress", "subscriberId", "connectionRequestUrl",
           "udpConnectionRequestAddr", "periodicInformInterval", "gatewayOui", "gatewaySerialNumber",
           "gatewayProductClass", "cwmpVersion", parameters, "informHash", "firstSeen", "lastInform", "lastBoot", "lastBootstrap",
           "sessionId", "sessionLockedAt", "sessionExpires")
       VALUES ($1, $2, $3, $4, COALESCE($5::"DeviceKind", 'OTHER'), COALESCE($6, ''), COALESCE($7, ''), COALESCE($8, ''),
           COALESCE($9, ''), COALESCE($10, $11), $12, $13, $14, $15, $16, $17, $18, $19, $20::jsonb, $29, $21::timestamp, $21::timestamp,
           CASE WHEN $22 THEN $21::timestamp END, CASE WHEN $23 THEN $21::timestamp END, $24, $21::timestamp,
           $21::timestamp + ($25 || ' milliseconds')::interval)
       ON CONFLICT (oui, "productClass", "serialNumber") DO UPDATE SET
           manufacturer = EXCLUDED.manufacturer,
           kind = COALESCE($5::"DeviceKind", d.kind),
           "rootObject" = COALESCE($6, d."rootObject"),
           "modelName" = COALESCE($7, d."modelName"),
           "softwareVersion" = COALESCE($8, d."softwareVersion"),
           "hardwareVersion" = COALESCE($9, d."hardwareVersion"),
           "ipAddress" = COALESCE($10, d."ipAddress", $11),
           "subscriberId" = COALESCE($12, d."subscriberId"),
           "connectionRequestUrl" = COALESCE($13, d."connectionRequestUrl"),
           "udpConnectionRequestAddr" = COALESCE($14, d."udpConnectionRequestAddr"),
           "periodicInformInterval" = COALESCE($15, d."periodicInformInterval"),
           "gatewayOui" = COALESCE($16, d."gatewayOui"),
           "gatewaySerialNumber" = COALESCE($17, d."gatewaySerialNumber"),
           "gatewayProductClass" = COALESCE($18, d."gatewayProductClass"),
           "cwmpVersion" = $19,
           parameters = CASE WHEN d."informHash" IS NOT DISTINCT FROM $29 THEN d.parameters
                             ELSE vantage_merge_params(d.parameters, $20::jsonb) END,
           "informHash" = $29,
           "lastInform" = $21::timestamp,
           "lastBoot" = CASE WHEN $22 THEN $21::timestamp ELSE d."lastBoot" END,
           "lastBootstrap" = CASE WHEN $23 THEN $21::timestamp ELSE d."lastBootstrap" END,
           "sessionId" = $24, "sessionLockedAt" = $21::timestamp,
           "sessionExpires" = $21::timestamp + ($25 || ' milliseconds')::interval
         WHERE d."sessionId" IS NULL OR d."sessionExpires" < $21::timestamp OR d."sessionId" = $24
       RETURNING d.id, (xmax = 0) AS inserted, d."connectionRequestUsername" IS NOT NULL AS has_cr, d."rootObject" AS root),
     event AS (
       INSERT INTO "InformEvent" ("deviceId", "receivedAt", events, "commandKeys", "retryCount", "remoteAddress")
       SELECT id, $21::timestamp, $26::text[], $27::text[], $28, $11 FROM device)
     SELECT id, inserted, has_cr, root FROM device`,
    [
      r.oui,
      r.productClass,
      r.serialNumber,
      r.manufacturer,
      r.kind,
      r.rootObject,
      r.modelName,
      r.softwareVersion,
      r.hardwareVersion,
      r.ipAddress,
      r.remoteAddress,
      r.subscriberId,
      r.connectionRequestUrl,
      r.udpConnectionRequestAddr,
      r.periodicInformInterval,
      r.gatewayOui,
      r.gatewaySerialNumber,
      r.gatewayProductClass,
      r.cwmpVersion,
      r.document,
      r.now,
      r.boot,
      r.bootstrap,
      r.sessionId,
      r.lockTtlMs,
      r.events,
      r.commandKeys,
      r.retryCount,
      r.hash,
    ],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    deviceId: row.id,
    inserted: row.inserted,
    hasConnectionRequestCredentials: row.has_cr,
    rootObject: row.root,
  };
}

function informHash(values: readonly { name: string; value: string }[]): string {
  const hash = createHash("sha1");
  for (const p of values) hash.update(p.name).update("\u0000").update(p.value).update("\u0001");
  return hash.digest("base64");
}

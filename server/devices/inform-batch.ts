// The batched form of the Inform statement for devices already known: one UPDATE ... FROM unnest()
// over many Informs, taking each device's session lock and appending the inform events. Rows it does
// not return (new devices, devices locked by another session, a device twice in one batch) are
// recorded one by one by the caller.
import { preparedQuery } from "../db";
import type { InformRecorded, InformRow } from "./inform";

const STATEMENT = `
WITH input AS (
  SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                       $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[], $16::int[],
                       $17::text[], $18::text[], $19::text[], $20::text[], $21::jsonb[], $22::timestamp[], $23::bool[],
                       $24::bool[], $25::text[], $26::text[], $27::jsonb[], $28::jsonb[], $29::int[], $30::text[])
    AS i(ord, oui, pc, sn, manufacturer, kind, root, model, sw, hw, ip, remote, subscriber, cr_url, udp_cr, periodic,
         gw_oui, gw_sn, gw_pc, cwmp, doc, at, boot, bootstrap, session, ttl, events, keys, retry, hash)
),
device AS (
  UPDATE "Device" d SET
    manufacturer = i.manufacturer,
    kind = COALESCE(i.kind::"DeviceKind", d.kind),
    "rootObject" = COALESCE(i.root, d."rootObject"),
    "modelName" = COALESCE(i.model, d."modelName"),
    "softwareVersion" = COALESCE(i.sw, d."softwareVersion"),
    "hardwareVersion" = COALESCE(i.hw, d."hardwareVersion"),
    "ipAddress" = COALESCE(i.ip, d."ipAddress", i.remote),
    "subscriberId" = COALESCE(i.subscriber, d."subscriberId"),
    "connectionRequestUrl" = COALESCE(i.cr_url, d."connectionRequestUrl"),
    "udpConnectionRequestAddr" = COALESCE(i.udp_cr, d."udpConnectionRequestAddr"),
    "periodicInformInterval" = COALESCE(i.periodic, d."periodicInformInterval"),
    "gatewayOui" = COALESCE(i.gw_oui, d."gatewayOui"),
    "gatewaySerialNumber" = COALESCE(i.gw_sn, d."gatewaySerialNumber"),
    "gatewayProductClass" = COALESCE(i.gw_pc, d."gatewayProductClass"),
    "cwmpVersion" = i.cwmp,
    parameters = CASE WHEN d."informHash" IS NOT DISTINCT FROM i.hash THEN d.parameters
                      ELSE vantage_merge_params(d.parameters, i.doc) END,
    "informHash" = i.hash,
    "lastInform" = i.at,
    "lastBoot" = CASE WHEN i.boot THEN i.at ELSE d."lastBoot" END,
    "lastBootstrap" = CASE WHEN i.bootstrap THEN i.at ELSE d."lastBootstrap" END,
    "sessionId" = i.session, "sessionLockedAt" = i.at,
    "sessionExpires" = i.at + (i.ttl || ' milliseconds')::interval
  FROM input i
  WHERE d.oui = i.oui AND d."productClass" = i.pc AND d."serialNumber" = i.sn
    AND (d."sessionId" IS NULL OR d."sessionExpires" < i.at OR d."sessionId" = i.session)
  RETURNING d.id, i.ord, d."connectionRequestUsername" IS NOT NULL AS has_cr, d."rootObject" AS root
),
event AS (
  INSERT INTO "InformEvent" ("deviceId", "receivedAt", events, "commandKeys", "retryCount", "remoteAddress")
  SELECT device.id, i.at, ARRAY(SELECT jsonb_array_elements_text(i.events)), ARRAY(SELECT jsonb_array_elements_text(i.keys)),
         i.retry, i.remote
    FROM device JOIN input i ON i.ord = device.ord
)
SELECT id, ord, has_cr, root FROM device`;

/** Records the Informs of known, unlocked devices; returns results by index into rows. */
export async function updateKnownDevices(rows: InformRow[]): Promise<Map<number, InformRecorded>> {
  const col = <T>(pick: (r: InformRow) => T): T[] => rows.map(pick);
  const result = await preparedQuery<{ id: number; ord: number; has_cr: boolean; root: string }>(
    "record-informs",
    STATEMENT,
    [
      rows.map((_, i) => i),
      col((r) => r.oui),
      col((r) => r.productClass),
      col((r) => r.serialNumber),
      col((r) => r.manufacturer),
      col((r) => r.kind),
      col((r) => r.rootObject),
      col((r) => r.modelName),
      col((r) => r.softwareVersion),
      col((r) => r.hardwareVersion),
      col((r) => r.ipAddress),
      col((r) => r.remoteAddress),
      col((r) => r.subscriberId),
      col((r) => r.connectionRequestUrl),
      col((r) => r.udpConnectionRequestAddr),
      col((r) => r.periodicInformInterval),
      col((r) => r.gatewayOui),
      col((r) => r.gatewaySerialNumber),
      col((r) => r.gatewayProductClass),
      col((r) => r.cwmpVersion),
      col((r) => r.document),
      col((r) => r.now),
      col((r) => r.boot),
      col((r) => r.bootstrap),
      col((r) => r.sessionId),
      col((r) => r.lockTtlMs),
      col((r) => JSON.stringify(r.events)),
      col((r) => JSON.stringify(r.commandKeys)),
      col((r) => r.retryCount),
      col((r) => r.hash),
    ],
  );
  const byIndex = new Map<number, InformRecorded>();
  for (const r of result) {
    byIndex.set(r.ord, {
      deviceId: r.id,
      inserted: false,
      hasConnectionRequestCredentials: r.has_cr,
      rootObject: r.root,
    });
  }
  return byIndex;
}

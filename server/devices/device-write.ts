// What an answer writes to its device row, in ONE statement: values merged into the parameter
// document and the columns they carry (model, versions, URLs, kind, the full-read mark, connection-
// request credentials). "parameters" feeds an expression index (Device_parameter_keys_idx), so any
// update of it is a new row version outside HOT that re-indexes every Device index and the whole
// document's keys; a second UPDATE for the columns right after did all of that twice per answer.
import type { Prisma } from "../generated/prisma/client";
import type { DeviceAttributes } from "./attributes";
import type { ParameterDocument } from "./parameter-document";

type Tx = Prisma.TransactionClient;

/** The columns an answer may set. */
export interface DeviceColumns extends DeviceAttributes {
  fullReadAt?: Date;
  fullReadFailedAt?: null;
  connectionRequestUsername?: string;
  connectionRequestPassword?: string;
}

// Each column's SQL type: parameters travel as text (or a number) and are cast; a key missing here
// does not compile.
const COLUMN_TYPES: Record<keyof DeviceColumns, string> = {
  rootObject: "text",
  kind: `text::"DeviceKind"`,
  modelName: "text",
  softwareVersion: "text",
  hardwareVersion: "text",
  ipAddress: "text",
  macAddress: "text",
  subscriberId: "text",
  connectionRequestUrl: "text",
  udpConnectionRequestAddr: "text",
  periodicInformInterval: "bigint",
  gatewayOui: "text",
  gatewaySerialNumber: "text",
  gatewayProductClass: "text",
  // The columns have no time zone and hold UTC: an ISO text's "Z" is dropped by the cast, as intended.
  fullReadAt: "timestamp",
  fullReadFailedAt: "timestamp",
  connectionRequestUsername: "text",
  connectionRequestPassword: "text",
};

// The columns an Inform derives from its values (./inform.ts): a routine Inform whose values hash as
// the stored ones leaves them as they are, so any other write of one clears the hash, and the
// device's next Inform sets them all again from its values.
const INFORM_DERIVED: ReadonlySet<string> = new Set<keyof DeviceColumns>([
  "rootObject",
  "kind",
  "modelName",
  "softwareVersion",
  "hardwareVersion",
  "ipAddress",
  "subscriberId",
  "connectionRequestUrl",
  "udpConnectionRequestAddr",
  "periodicInformInterval",
  "gatewayOui",
  "gatewaySerialNumber",
  "gatewayProductClass",
]);

const bound = (value: unknown): unknown => (value instanceof Date ? value.toISOString() : value);

/**
 * Merge `doc` into the device's document (when it has entries) and set `columns`, in one UPDATE. With
 * `replaceUnder` (an object path a full-subtree GetParameterNames answered for), entries under it
 * that `doc` does not have are dropped (vantage_apply_params).
 */
export async function writeDevice(
  tx: Tx,
  deviceId: number,
  doc: ParameterDocument,
  columns: DeviceColumns,
  replaceUnder: string | null = null,
): Promise<void> {
  const hasDoc = Object.keys(doc).length > 0;
  // Column names come from COLUMN_TYPES only, never from the input's keys as such.
  const set = Object.entries(columns).filter(
    ([k, v]) => v !== undefined && Object.hasOwn(COLUMN_TYPES, k),
  ) as [keyof DeviceColumns, unknown][];
  if (!hasDoc && set.length === 0) return;
  const params: unknown[] = [deviceId];
  const assignments: string[] = [];
  if (hasDoc) {
    params.push(JSON.stringify(doc));
    const docParam = params.length;
    if (replaceUnder !== null) params.push(replaceUnder);
    const prefix = replaceUnder !== null ? `$${params.length}::text` : "NULL";
    assignments.push(`parameters = vantage_apply_params(parameters, $${docParam}::jsonb, ${prefix})`);
  }
  if (hasDoc || set.some(([column]) => INFORM_DERIVED.has(column))) assignments.push(`"informHash" = NULL`);
  for (const [column, value] of set) {
    params.push(bound(value));
    assignments.push(`"${column}" = $${params.length}::${COLUMN_TYPES[column]}`);
  }
  await tx.$executeRawUnsafe(`UPDATE "Device" SET ${assignments.join(", ")} WHERE id = $1`, ...params);
}

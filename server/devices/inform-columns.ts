// The Inform's column mapping, written once: each entry says which value the statements take from an
// InformRow (its name in the input row `i`, its SQL type), which Device column it lands in, the value
// a new device row gets and how an Inform merges it into a known one (`d` is the current row). Both
// Inform statements (./inform-statements.ts: the single-row one and the batched UPDATE ... FROM
// unnest(...)) are generated from this list, so they cannot drift apart.
import type { InformRow } from "./inform";

/** "text[]" travels as a JSON array of strings: json_to_recordset turns it into the array itself. */
export type SqlType = "text" | "bigint" | "jsonb" | "timestamp" | "bool" | "text[]";
type Param = string | boolean | null;

export interface InformInput {
  /** The value's name in the statements' input row (`i.<name>`). */
  name: string;
  type: SqlType;
  pick: (r: InformRow) => Param;
}

export interface InformColumn {
  /** The value this entry takes from the Inform, if any (some columns are computed from others). */
  input?: InformInput;
  /** The Device column written, if any (some inputs only feed other columns or the inform event). */
  column?: string;
  /** Part of the device identity: matched, never updated. */
  identity?: boolean;
  /** SQL for a new row's value (over `i`). */
  insert?: string;
  /** SQL for a known row's new value (over `i` and `d`); absent: an Inform never changes it. */
  update?: string;
}

const input = (name: string, type: SqlType, pick: InformInput["pick"]): InformInput => ({ name, type, pick });

/** Identity: the Inform's DeviceId matches the row. */
const identity = (column: string, value: InformInput): InformColumn => ({
  input: value,
  column,
  identity: true,
  insert: `i.${value.name}`,
});

/** The Inform's value always wins. */
const replace = (column: string, value: InformInput): InformColumn => ({
  input: value,
  column,
  insert: `i.${value.name}`,
  update: `i.${value.name}`,
});

/** The Inform's value when it carries one, else what the row has (a partial Inform never blanks a column). */
const keep = (column: string, value: InformInput, fallback?: string): InformColumn => ({
  input: value,
  column,
  insert: fallback ? `COALESCE(i.${value.name}, ${fallback})` : `i.${value.name}`,
  update: `COALESCE(i.${value.name}, d."${column}")`,
});

const at = input("at", "timestamp", (r) => r.now);

/** The known device (`d`) has a CWMP task to send or repeat (index Task(deviceId, state, id)). */
export const CWMP_WORK_EXISTS = `EXISTS (SELECT 1 FROM "Task" t
    WHERE t."deviceId" = d.id AND t.state IN ('queued', 'sent') AND t.protocol = 'cwmp')`;
/** CWMP_WORK_EXISTS, evaluated once per device by the statements (./inform-statements.ts: `w.work`). */
const HAS_CWMP_WORK = "w.work";

export const INFORM_COLUMNS: readonly InformColumn[] = [
  identity(
    "oui",
    input("oui", "text", (r) => r.oui),
  ),
  identity(
    "productClass",
    input("pc", "text", (r) => r.productClass),
  ),
  identity(
    "serialNumber",
    input("sn", "text", (r) => r.serialNumber),
  ),
  replace(
    "manufacturer",
    input("manufacturer", "text", (r) => r.manufacturer),
  ),
  {
    input: input("kind", "text", (r) => r.kind),
    column: "kind",
    insert: `COALESCE(i.kind::"DeviceKind", 'OTHER')`,
    update: `COALESCE(i.kind::"DeviceKind", d.kind)`,
  },
  keep(
    "rootObject",
    input("root", "text", (r) => r.rootObject),
    "''",
  ),
  keep(
    "modelName",
    input("model", "text", (r) => r.modelName),
    "''",
  ),
  keep(
    "softwareVersion",
    input("sw", "text", (r) => r.softwareVersion),
    "''",
  ),
  keep(
    "hardwareVersion",
    input("hw", "text", (r) => r.hardwareVersion),
    "''",
  ),
  // The address the Inform came from: the IP column's last resort, and recorded with the inform event.
  { input: input("remote", "text", (r) => r.remoteAddress) },
  {
    input: input("ip", "text", (r) => r.ipAddress),
    column: "ipAddress",
    insert: "COALESCE(i.ip, i.remote)",
    update: `COALESCE(i.ip, d."ipAddress", i.remote)`,
  },
  keep(
    "subscriberId",
    input("subscriber", "text", (r) => r.subscriberId),
  ),
  keep(
    "connectionRequestUrl",
    input("cr_url", "text", (r) => r.connectionRequestUrl),
  ),
  keep(
    "udpConnectionRequestAddr",
    input("udp_cr", "text", (r) => r.udpConnectionRequestAddr),
  ),
  // unsignedInt: up to 4294967295, past int4; sent as text so no JS number precision is involved.
  keep(
    "periodicInformInterval",
    input("periodic", "bigint", (r) => r.periodicInformInterval),
  ),
  keep(
    "gatewayOui",
    input("gw_oui", "text", (r) => r.gatewayOui),
  ),
  keep(
    "gatewaySerialNumber",
    input("gw_sn", "text", (r) => r.gatewaySerialNumber),
  ),
  keep(
    "gatewayProductClass",
    input("gw_pc", "text", (r) => r.gatewayProductClass),
  ),
  replace(
    "cwmpVersion",
    input("cwmp", "text", (r) => r.cwmpVersion),
  ),
  {
    input: input("hash", "text", (r) => r.hash),
    column: "informHash",
    insert: "i.hash",
    update: "i.hash",
  },
  {
    // Periodic Informs mostly repeat the same values: then the (large) document is left untouched.
    input: input("doc", "jsonb", (r) => r.document),
    column: "parameters",
    insert: "i.doc",
    update: `CASE WHEN d."informHash" IS NOT DISTINCT FROM i.hash THEN d.parameters
                  ELSE vantage_merge_params(d.parameters, i.doc) END`,
  },
  // The Inform's time: DeviceLastInform's (written by the statements themselves, not a Device column)
  // and the inform event's.
  { input: at },
  { column: "firstSeen", insert: "i.at" },
  { input: input("boot", "bool", (r) => r.boot) },
  { input: input("bootstrap", "bool", (r) => r.bootstrap) },
  {
    column: "lastBoot",
    insert: "CASE WHEN i.boot THEN i.at END",
    update: `CASE WHEN i.boot THEN i.at ELSE d."lastBoot" END`,
  },
  {
    column: "lastBootstrap",
    insert: "CASE WHEN i.bootstrap THEN i.at END",
    update: `CASE WHEN i.bootstrap THEN i.at ELSE d."lastBootstrap" END`,
  },
  // The session lock, with the node that holds it (./session-locks.ts). A known device's Inform takes
  // it only when CWMP work waits for the device: most periodic sessions have none, and then neither
  // the Inform nor the empty POST writes a lock (the claim takes it if work is queued meanwhile,
  // tasks/claim.ts). A lock the statement may override (free, expired, this session's, a dead one's)
  // is cleared when not taken. A new device always gets it: its bootstrap work follows. Owner and time
  // say who took the lock last: an Inform that takes none leaves them (and so the row) as they are.
  {
    input: input("session", "text", (r) => r.sessionId),
    column: "sessionId",
    insert: "i.session",
    update: `CASE WHEN ${HAS_CWMP_WORK} THEN i.session END`,
  },
  {
    input: input("owner", "text", (r) => r.sessionOwner),
    column: "sessionOwner",
    insert: "i.owner",
    update: `CASE WHEN ${HAS_CWMP_WORK} THEN i.owner ELSE d."sessionOwner" END`,
  },
  { input: input("stale", "text", (r) => r.staleHolder) },
  {
    column: "sessionLockedAt",
    insert: "i.at",
    update: `CASE WHEN ${HAS_CWMP_WORK} THEN i.at ELSE d."sessionLockedAt" END`,
  },
  { input: input("ttl", "text", (r) => r.lockTtlMs) },
  {
    column: "sessionExpires",
    insert: "i.at + (i.ttl || ' milliseconds')::interval",
    update: `CASE WHEN ${HAS_CWMP_WORK} THEN i.at + (i.ttl || ' milliseconds')::interval END`,
  },
  // The inform event's own values, as JSON arrays (./inform-statements.ts turns them into text[]).
  { input: input("events", "text[]", (r) => JSON.stringify(r.events)) },
  { input: input("keys", "text[]", (r) => JSON.stringify(r.commandKeys)) },
  { input: input("retry", "bigint", (r) => r.retryCount) },
];

/** The inputs in parameter order (after the row ordinal). */
export const INFORM_INPUTS: readonly InformInput[] = INFORM_COLUMNS.flatMap((c) =>
  c.input ? [c.input] : [],
);

/** The parameters of the single-row statement: $1 = ordinal 0 is implicit, so inputs are $1..$n. */
export function singleParams(row: InformRow): Param[] {
  return INFORM_INPUTS.map((i) => i.pick(row));
}

/**
 * The one parameter of the batched statement: a JSON array of input rows (json_to_recordset). One
 * JSON text costs both sides far less than an array literal per input (node-postgres escapes every
 * element; PostgreSQL parses ~30 arrays per statement). jsonb and text[] inputs are JSON text already
 * and go in as they are; every other value goes through JSON.stringify.
 */
const JSON_TYPES: ReadonlySet<SqlType> = new Set(["jsonb", "text[]"]);

export function batchJson(rows: readonly InformRow[]): string {
  // Concatenated by hand: twice as fast as building an object per row for JSON.stringify (23 vs 42 µs
  // a batch of 9), as the ~30 keys make each such object a dictionary.
  let json = "[";
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r] as InformRow;
    json += `${r === 0 ? "" : ","}{"ord":${r}`;
    for (const i of INFORM_INPUTS) {
      const value = i.pick(row);
      // An absent key reads as NULL (json_to_recordset): the many empty inputs cost neither side anything.
      if (value === null) continue;
      json += `,"${i.name}":${JSON_TYPES.has(i.type) ? String(value) : JSON.stringify(value)}`;
    }
    json += "}";
  }
  return `${json}]`;
}

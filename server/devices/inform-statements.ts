// The two Inform statements, generated from the one column mapping (./inform-columns.ts):
// - single: UPDATE the known device, or INSERT it when no row exists, then append the inform event.
//   The UPDATE comes first so that a repeat Inform never evaluates the id sequence's default (an
//   INSERT ... ON CONFLICT burns a sequence value on every call; 32-bit ids would run out in weeks).
// - batched: the same for many Informs of known devices, their values in one JSON parameter.
// Both take the device's session lock only when it is free, expired, already the Inform's session, or
// held by a session this node knows is dead (i.stale). An Inform without its document (InformRow.document)
// updates only a device whose stored values hash the same; the caller records any other alone, with it.
// A known device's row is rewritten only when the Inform changes a value in it: most periodic Informs
// change nothing there and write only their DeviceLastInform row and their inform event.
import { preparedQuery } from "../db";
import type { OutboxEventType } from "../events/outbox";
import {
  CWMP_WORK_EXISTS,
  INFORM_COLUMNS,
  INFORM_INPUTS,
  batchJson,
  singleParams,
  type SqlType,
} from "./inform-columns";
import type { InformRecorded, InformRow } from "./inform";

const quote = (column: string): string => `"${column}"`;
const identity = INFORM_COLUMNS.filter((c) => c.identity);
const matches = (table: string): string =>
  identity.map((c) => `${table}.${quote(c.column ?? "")} = i.${c.input?.name ?? ""}`).join(" AND ");

const INPUT_BATCHED = `SELECT * FROM json_to_recordset($1::json)
    AS i(ord int, ${INFORM_INPUTS.map((i) => `${i.name} ${i.type}`).join(", ")})`;
// A text[] input is a JSON array (./inform-columns.ts), which json_to_recordset reads as the array
// itself; a parameter of its own needs the conversion.
const singleInput = (type: SqlType, k: number): string =>
  type === "text[]" ? `ARRAY(SELECT json_array_elements_text($${k}::json))` : `$${k}::${type}`;
const INPUT_SINGLE = `SELECT 0 AS ord, ${INFORM_INPUTS.map((i, k) => `${singleInput(i.type, k + 1)} AS ${i.name}`).join(", ")}`;

// Besides what the session needs, the columns the domains reacting to the Inform decide on
// (server/events: profiles' preconditions and due times), so the hot path reads nothing more.
// Timestamps travel as epoch ms: the columns have no time zone, and a Date parsed by pg would take
// the process's.
const epochMs = (column: string) => `(extract(epoch FROM d."${column}" AT TIME ZONE 'UTC') * 1000)::float8`;
// has_work: the statement took the session lock, which it does only when CWMP work is queued (or for
// a new device): a session without it may skip its claim (tasks/queued-signals.ts).
const RETURNING = `d."sessionId" IS NOT NULL AS has_work, d."connectionRequestUsername" IS NOT NULL AS has_cr, d."rootObject" AS root,
  d.kind::text AS kind, d.oui, d."productClass" AS product_class, d."serialNumber" AS serial,
  d."modelName" AS model, d."softwareVersion" AS software, d."subscriberId" AS subscriber, d.tags,
  ${epochMs("lastBoot")} AS last_boot, d."profilesStamp" AS profiles_stamp,
  ${epochMs("profilesDueAt")} AS profiles_due_at`;
const RECORDED_COLUMNS = `id, ord, inserted, has_work, has_cr, root, kind, oui, product_class, serial, model, software,
  subscriber, tags, last_boot, profiles_stamp, profiles_due_at`;

const updated = INFORM_COLUMNS.filter((c) => c.column && c.update);
// The document is compared through its hash: comparing the (large) jsonb would read all of it.
const BY_HASH = new Set(["informHash", "parameters"]);
const compared = updated.filter((c) => !BY_HASH.has(c.column ?? ""));
const UNCHANGED = `d."informHash" IS NOT DISTINCT FROM i.hash
    AND (${compared.map((c) => `d.${quote(c.column ?? "")}`).join(", ")})
        IS NOT DISTINCT FROM (${compared.map((c) => c.update).join(", ")})`;
const MAY_RECORD = `(d."sessionId" IS NULL OR d."sessionExpires" < i.at OR d."sessionId" = i.session OR d."sessionId" = i.stale)
    AND (i.doc IS NOT NULL OR d."informHash" IS NOT DISTINCT FROM i.hash)`;

// The known devices the Informs may record, each read once, with whether CWMP work waits for it (w.work,
// which the lock columns' values use) and whether the Inform changes any of its columns. OFFSET 0
// keeps the lateral subquery a subquery: pulled up, its EXISTS became a subplan at each of w.work's
// five uses, five Task index scans per Inform instead of one (EXPLAIN ANALYZE, bench/db-parts.ts).
const KNOWN = `SELECT d.id, i.ord, w.work, ${UNCHANGED} AS unchanged, ${RETURNING}
  FROM input i JOIN "Device" d ON ${matches("d")}
  CROSS JOIN LATERAL (SELECT ${CWMP_WORK_EXISTS} AS work OFFSET 0) w
  WHERE ${MAY_RECORD}`;

// The lock condition is checked again on the row: a concurrent writer (a claim) may have taken the lock
// since the statement's snapshot, and then the row is not updated (PostgreSQL re-evaluates the WHERE).
const UPDATE = `UPDATE "Device" d SET
    ${updated.map((c) => `${quote(c.column ?? "")} = ${c.update}`).join(",\n    ")}
  FROM known w JOIN input i ON i.ord = w.ord
  WHERE d.id = w.id AND NOT w.unchanged AND ${MAY_RECORD}
  RETURNING d.id, i.ord, false AS inserted, ${RETURNING}`;

// Unchanged rows are left alone: what the session needs is what the statement read.
const KEPT = `SELECT ${RECORDED_COLUMNS.replace("inserted", "false AS inserted")} FROM known WHERE unchanged`;

const inserted = INFORM_COLUMNS.filter((c) => c.column && c.insert);
// Only when no row exists (checked in the statement's snapshot). Two first Informs of one device at
// once: the second waits for the first's row, then does nothing and returns nothing (see inform.ts).
const INSERT = `INSERT INTO "Device" AS d (${inserted.map((c) => quote(c.column ?? "")).join(", ")})
  SELECT ${inserted.map((c) => c.insert).join(", ")} FROM input i
   WHERE NOT EXISTS (SELECT 1 FROM "Device" x WHERE ${matches("x")})
  ON CONFLICT (oui, "productClass", "serialNumber") DO NOTHING
  RETURNING d.id, 0 AS ord, true AS inserted, ${RETURNING}`;

const EVENT = `INSERT INTO "InformEvent" ("deviceId", "receivedAt", events, "commandKeys", "retryCount", "remoteAddress")
  SELECT r.id, i.at, i.events, i.keys, COALESCE(i.retry, 0), i.remote
    FROM recorded r JOIN input i ON i.ord = r.ord`;

// The devices' last Inform (schema.prisma: DeviceLastInform), for the whole batch at once. Every device
// has its row; one inserted by this statement gets it here (the insert trigger's, deferred to the
// commit, then finds it). The batched statement records known devices only: a plain UPDATE.
const LAST_INFORM_UPSERT = `INSERT INTO "DeviceLastInform" ("deviceId", "informedAt")
  SELECT r.id, i.at FROM recorded r JOIN input i ON i.ord = r.ord
  ON CONFLICT ("deviceId") DO UPDATE SET "informedAt" = EXCLUDED."informedAt"`;
const LAST_INFORM_UPDATE = `UPDATE "DeviceLastInform" l SET "informedAt" = i.at
    FROM recorded r JOIN input i ON i.ord = r.ord
   WHERE l."deviceId" = r.id`;

// Integrators' events (server/events/outbox.ts) for the rare Informs that register a device or carry
// "0 BOOTSTRAP", written by the statement itself so they commit with the Inform. Only the single
// statement has them: the batched one inserts no device and is given no "0 BOOTSTRAP" (recordKnown),
// and an INSERT that adds no row still costs PostgreSQL its set-up (~0.005 ms an Inform, bench/db-parts.ts).
const announce = (type: OutboxEventType, where: string) =>
  `SELECT '${type}', i.at, jsonb_build_object('deviceId', r.id, 'serial', r.serial, 'oui', r.oui, 'productClass', r.product_class)
     FROM recorded r JOIN input i ON i.ord = r.ord WHERE ${where}`;
const ANNOUNCED = `INSERT INTO "OutboxEvent" (type, "createdAt", payload)
  ${announce("device.registered", "r.inserted")}
  UNION ALL ${announce("device.bootstrap", "i.bootstrap")}`;

// Data-modifying CTEs always run to completion, referenced or not (PostgreSQL docs, 7.8.4).
export const SINGLE_STATEMENT = `WITH input AS (${INPUT_SINGLE}),
known AS (${KNOWN}),
updated AS (${UPDATE}),
kept AS (${KEPT}),
inserted AS (${INSERT}),
recorded AS (SELECT * FROM updated UNION ALL SELECT * FROM kept UNION ALL SELECT * FROM inserted),
last_inform AS (${LAST_INFORM_UPSERT}),
event AS (${EVENT}),
announced AS (${ANNOUNCED})
SELECT ${RECORDED_COLUMNS} FROM recorded`;

export const BATCHED_STATEMENT = `WITH input AS (${INPUT_BATCHED}),
known AS (${KNOWN}),
updated AS (${UPDATE}),
kept AS (${KEPT}),
recorded AS (SELECT * FROM updated UNION ALL SELECT * FROM kept),
last_inform AS (${LAST_INFORM_UPDATE}),
event AS (${EVENT})
SELECT ${RECORDED_COLUMNS} FROM recorded`;

interface Recorded {
  id: number;
  ord: number;
  inserted: boolean;
  has_work: boolean;
  has_cr: boolean;
  root: string;
  kind: string;
  oui: string;
  product_class: string;
  serial: string;
  model: string;
  software: string;
  subscriber: string | null;
  tags: string[];
  last_boot: number | null;
  profiles_stamp: string | null;
  profiles_due_at: number | null;
}

const toRecorded = (r: Recorded): InformRecorded => ({
  locked: false,
  deviceId: r.id,
  inserted: r.inserted,
  workQueued: r.has_work,
  hasConnectionRequestCredentials: r.has_cr,
  rootObject: r.root,
  device: {
    id: r.id,
    kind: r.kind,
    rootObject: r.root,
    oui: r.oui,
    productClass: r.product_class,
    serialNumber: r.serial,
    modelName: r.model,
    softwareVersion: r.software,
    subscriberId: r.subscriber,
    tags: r.tags,
    lastBoot: r.last_boot === null ? null : new Date(r.last_boot),
    profilesStamp: r.profiles_stamp,
    profilesDueAt: r.profiles_due_at === null ? null : new Date(r.profiles_due_at),
  },
});

/** How the batched statement has run in this process (tests assert that it really batches). */
export const batchedInformStats = { runs: 0, failed: 0, rows: 0, largest: 0 };

/**
 * Record one Inform. Undefined when nothing was recorded: another live session holds the lock, or
 * the device's first row was inserted by a concurrent Inform while this one ran.
 */
export async function recordOne(row: InformRow): Promise<InformRecorded | undefined> {
  const rows = await preparedQuery<Recorded>("record-inform", SINGLE_STATEMENT, singleParams(row));
  return rows[0] && toRecorded(rows[0]);
}

/**
 * Record the Informs of known devices whose lock is free or theirs; results by index into rows.
 * Rows it does not return (new or locked devices, a device twice in one batch) go alone.
 */
export async function recordKnown(rows: readonly InformRow[]): Promise<Map<number, InformRecorded>> {
  // Its integrators' event would be lost: the batched statement writes none (ANNOUNCED above).
  if (rows.some((row) => row.bootstrap)) throw new Error("a 0 BOOTSTRAP Inform is recorded alone");
  batchedInformStats.runs += 1;
  batchedInformStats.rows += rows.length;
  batchedInformStats.largest = Math.max(batchedInformStats.largest, rows.length);
  let result: Recorded[];
  try {
    result = await preparedQuery<Recorded>("record-informs", BATCHED_STATEMENT, [batchJson(rows)]);
  } catch (error) {
    batchedInformStats.failed += 1;
    throw error;
  }
  return new Map(result.map((r) => [r.ord, toRecorded(r)]));
}

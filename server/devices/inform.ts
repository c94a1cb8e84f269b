// Recording an Inform: one statement updates the device (identity, searchable columns, merged
// parameter document) or inserts it when new, takes its session lock and appends the inform event.
// It is the hottest query of the ACS, hence raw SQL (./inform-statements.ts, generated from the one
// column mapping in ./inform-columns.ts), and concurrent Informs are batched. It fails small: every
// CPE value is made storable first, and when a batch fails its Informs are recorded one by one, so
// only a device whose row cannot be stored gets the error.
import type { BeginSessionInput } from "../cwmp/session/backend";
import type { InformRequest } from "../cwmp/soap/types";
import { hash } from "node:crypto";
import { Batcher, ItemFailure } from "../database/batcher";
import type { InformedDevice } from "../events/session-events";
import { settings } from "../env";
import { logger } from "../logger";
import { deriveAttributes } from "./attributes";
import { recordKnown, recordOne } from "./inform-statements";
import { toDocument } from "./parameter-document";
import { lockHolder, nodeId } from "./session-locks";
import { columnText, isStorableText, storableText, unsignedIntText } from "./storable-text";

export interface InformRecorded {
  locked: false;
  deviceId: number;
  inserted: boolean;
  /** The Inform took the session lock: CWMP work was queued for the device (always for a new one). */
  workQueued: boolean;
  hasConnectionRequestCredentials: boolean;
  rootObject: string;
  /** The device's columns after the Inform, for the domains that react to it (server/events). */
  device: InformedDevice;
}

/** Another live session holds the device's lock; holder is its session id (when still held). */
export interface InformLocked {
  locked: true;
  holder?: string;
  /** The holder is a session of this node (NODE_ID): the engine knows whether it still lives. */
  holderOnThisNode?: boolean;
  /** The holder's node is dead (its heartbeat lease lapsed): the lock may be taken from it. */
  holderNodeGone?: boolean;
}

export type InformResult = InformRecorded | InformLocked;

/** One Inform as the values the statements take (./inform-columns.ts maps them to columns). */
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
  /** bigint as text (unsignedInt), null when absent or out of range */
  periodicInformInterval: string | null;
  gatewayOui: string | null;
  gatewaySerialNumber: string | null;
  gatewayProductClass: string | null;
  cwmpVersion: string;
  /**
   * The parameter document as JSON, or null for a routine Inform (ROUTINE_EVENTS below) whose values
   * are most likely the ones stored: building, sending and parsing a document the statement would not
   * use is a large part of an Inform's cost. Such a row also leaves out the columns derived from the
   * values (DerivedColumns: null, which the statements read as "keep the stored value"): equal values
   * (the stored hash) give equal columns, as every other writer of those columns clears the hash
   * (./device-write.ts). The statements leave a device whose stored values differ untouched when it
   * comes without them; it is then recorded alone with `complete()`.
   */
  document: string | null;
  /** This Inform's row with its document and derived columns (the row itself when it has them). */
  complete: () => InformRow;
  now: string;
  boot: boolean;
  bootstrap: boolean;
  sessionId: string;
  /** The node taking the lock (./session-locks.ts). */
  sessionOwner: string;
  /** A dead session of this node whose lock may be taken (BeginSessionInput.staleHolder). */
  staleHolder: string | null;
  lockTtlMs: string;
  events: string[];
  commandKeys: string[];
  /** bigint as text (unsignedInt), null when out of range (stored as 0) */
  retryCount: string | null;
  hash: string;
}

/** The columns an Inform's parameter values give (./attributes.ts). */
type DerivedColumns = Pick<
  InformRow,
  | "kind"
  | "rootObject"
  | "modelName"
  | "softwareVersion"
  | "hardwareVersion"
  | "ipAddress"
  | "subscriberId"
  | "connectionRequestUrl"
  | "udpConnectionRequestAddr"
  | "periodicInformInterval"
  | "gatewayOui"
  | "gatewaySerialNumber"
  | "gatewayProductClass"
>;

function derivedColumns(parameterList: InformRequest["parameterList"]): DerivedColumns {
  const values = new Map<string, string>();
  for (const p of parameterList) values.set(p.name, p.value);
  const attrs = deriveAttributes(values);
  return {
    kind: attrs.kind ?? null,
    rootObject: columnText(attrs.rootObject),
    modelName: columnText(attrs.modelName),
    softwareVersion: columnText(attrs.softwareVersion),
    hardwareVersion: columnText(attrs.hardwareVersion),
    ipAddress: columnText(attrs.ipAddress),
    subscriberId: columnText(attrs.subscriberId),
    connectionRequestUrl: columnText(attrs.connectionRequestUrl, 2048),
    udpConnectionRequestAddr: columnText(attrs.udpConnectionRequestAddr),
    periodicInformInterval: unsignedIntText(attrs.periodicInformInterval),
    gatewayOui: columnText(attrs.gatewayOui),
    gatewaySerialNumber: columnText(attrs.gatewaySerialNumber),
    gatewayProductClass: columnText(attrs.gatewayProductClass),
  };
}

export function toInformRow(input: BeginSessionInput, now = new Date()): InformRow {
  const inform = storableInform(input.inform);
  const codes = inform.events.map((e) => e.eventCode.trim());
  const routine = codes.length > 0 && codes.every((c) => ROUTINE_EVENTS.has(c));
  const row: InformRow = {
    oui: inform.deviceId.oui,
    productClass: inform.deviceId.productClass,
    serialNumber: inform.deviceId.serialNumber,
    manufacturer: columnText(inform.deviceId.manufacturer) ?? "",
    // Spelt out, not spread: an object literal with a spread in it is built property by property.
    kind: null,
    rootObject: null,
    modelName: null,
    softwareVersion: null,
    hardwareVersion: null,
    ipAddress: null,
    subscriberId: null,
    connectionRequestUrl: null,
    udpConnectionRequestAddr: null,
    periodicInformInterval: null,
    gatewayOui: null,
    gatewaySerialNumber: null,
    gatewayProductClass: null,
    remoteAddress: columnText(input.remoteAddress || undefined),
    cwmpVersion: input.cwmpVersion,
    document: null,
    complete: () => {
      const full: InformRow = {
        ...row,
        ...derivedColumns(inform.parameterList),
        document: JSON.stringify(toDocument(inform.parameterList, now.getTime())),
        complete: () => full,
      };
      return full;
    },
    now: now.toISOString(),
    boot: codes.some((c) => c === "1 BOOT" || c === "0 BOOTSTRAP"),
    bootstrap: codes.includes("0 BOOTSTRAP"),
    sessionId: input.sessionId,
    sessionOwner: nodeId(),
    staleHolder: input.staleHolder ?? null,
    lockTtlMs: String(input.lockTtlMs),
    events: codes,
    commandKeys: inform.events.map((e) => e.commandKey),
    retryCount: unsignedIntText(inform.retryCount),
    // Periodic Informs mostly repeat the same values: then the (large) document is left untouched.
    hash: informHash(inform.parameterList),
  };
  return routine ? row : row.complete();
}

/**
 * Events after which a CPE's forced Inform parameters are normally what it last reported: the periodic
 * and the connection-request-triggered Inform. Any other event (BOOT, VALUE CHANGE ...) sends the
 * document at once.
 */
const ROUTINE_EVENTS = new Set(["2 PERIODIC", "6 CONNECTION REQUEST"]);

/** The Inform with every string PostgreSQL could not store made storable (usually the same object). */
function storableInform(inform: InformRequest): InformRequest {
  if (isStorable(inform)) return inform;
  return {
    ...inform,
    deviceId: {
      oui: storableText(inform.deviceId.oui),
      productClass: storableText(inform.deviceId.productClass),
      serialNumber: storableText(inform.deviceId.serialNumber),
      manufacturer: storableText(inform.deviceId.manufacturer),
    },
    events: inform.events.map((e) => ({
      eventCode: storableText(e.eventCode),
      commandKey: storableText(e.commandKey),
    })),
    parameterList: inform.parameterList.map((p) => ({
      ...p,
      name: storableText(p.name),
      value: storableText(p.value),
    })),
  };
}

/**
 * Informs per statement, and statements under way at once: the rest wait and go together (group commit).
 * One at a time: each statement costs ~0.1 ms of this process's CPU in the socket write alone (waking
 * the database backend), so larger batches pay; with 2 under way, 20 CPEs' periodic sessions cost 13.0-14.1×
 * the bare server's CPU, with 1 11.2-12.1× (npm run bench, alternating runs in one hour).
 */
const BATCH_MAX = 200;
const IN_FLIGHT = 1;

/**
 * Concurrent Informs share one statement; the ones it cannot update (new or locked devices) go alone,
 * and so do all of them when it fails: then only the Inform that fails alone gets the error.
 */
const batcher = new Batcher<InformRow, InformResult>(
  async (rows) => {
    const known = new Map<InformRow, InformRecorded>();
    // A "0 BOOTSTRAP" is mostly a device never seen, which the batched statement (an UPDATE) cannot
    // record: it goes alone at once. In a boot storm, batches of first contacts made the batched
    // statement unnest their whole documents for nothing (8 ms of PostgreSQL each).
    const candidates = rows.filter((row) => !row.bootstrap);
    // Even one routine Inform goes through the batched statement: it is the one that can do without the
    // document. Alone go only the rest (a first contact, a held lock, values that changed).
    if (candidates.length > 1 || candidates[0]?.document === null) {
      try {
        for (const [i, recorded] of await recordKnown(candidates)) {
          const row = candidates[i];
          if (row) known.set(row, recorded);
        }
      } catch (err) {
        logger("inform").warn(
          { err, informs: candidates.length },
          "batched Inform statement failed; recording its Informs one by one",
        );
      }
    }
    const results = await Promise.allSettled(
      rows.map((row): Promise<InformResult> => {
        const result = known.get(row);
        return result ? Promise.resolve(result) : recordAlone(row);
      }),
    );
    return results.map((r) => (r.status === "fulfilled" ? r.value : new ItemFailure(r.reason)));
  },
  BATCH_MAX,
  IN_FLIGHT,
  // 2 ms (the default): 0.32 -> 0.285 ms of server CPU a periodic session, sessions/s -4 %, p50 +0.3 ms
  // (npm run bench -- --targets postgres, alternating runs); 3 ms: 0.257 ms but -14 % sessions/s.
  () => settings().CWMP_INFORM_BATCH_WINDOW_MS,
);

/** Record the Inform and take the device's session lock, or report the live session holding it. */
export function recordInform(input: BeginSessionInput, now = new Date()): Promise<InformResult> {
  return batcher.add(toInformRow(input, now));
}

async function recordAlone(informed: InformRow): Promise<InformResult> {
  const row = informed.complete();
  const at = new Date(row.now);
  let lock: Awaited<ReturnType<typeof lockHolder>>;
  // Twice at most: nothing recorded and no live holder means the device's first row appeared while
  // the statement ran (two first Informs at once); the second run updates that row.
  for (let attempt = 0; attempt < 2; attempt++) {
    const recorded = await recordOne(row);
    if (recorded) return recorded;
    lock = await lockHolder(row, at);
    if (lock !== undefined && lock.holder !== row.sessionId) break;
  }
  return {
    locked: true,
    holder: lock?.holder,
    holderOnThisNode: lock?.owner === row.sessionOwner,
    holderNodeGone: lock?.ownerGone === true && lock.owner !== row.sessionOwner,
  };
}

/** Whether every string of the Inform is storable as is (the usual case; checked without allocating). */
function isStorable(inform: InformRequest): boolean {
  const id = inform.deviceId;
  const ok = isStorableText;
  if (!ok(id.oui) || !ok(id.productClass) || !ok(id.serialNumber) || !ok(id.manufacturer)) return false;
  for (const e of inform.events) if (!ok(e.eventCode) || !ok(e.commandKey)) return false;
  for (const p of inform.parameterList) if (!ok(p.name) || !ok(p.value)) return false;
  return true;
}

function informHash(values: readonly { name: string; value: string }[]): string {
  // The joined text hashed in one call (crypto.hash: no Hash object per Inform): the same digest as
  // updating part by part.
  let text = "";
  for (const p of values) text += `${p.name}\u0000${p.value}\u0001`;
  return hash("sha1", text, "base64");
}

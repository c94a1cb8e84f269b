// The device page's summary: identity columns plus a few values read from the parameter document
// (uptime, WAN line) and the household (the gateway an STB sits behind, the STBs behind a gateway).
// Tags and notes are edited here too, each change audited in its own transaction.
import "server-only";
import { AppError } from "../core/app-error";
import { recordAudit } from "../audit/service";
import { lookupParameter } from "../datamodel";
import { db } from "../db";
import type { Device } from "../generated/prisma/client";
import { entriesMatching } from "./parameter-tree";
import { boxesBehind, gatewayOf } from "../household/queries";
import { isOnline } from "./queries";

export interface WanLine {
  source: string;
  status: string | null;
  upstreamKbps: number | null;
  downstreamKbps: number | null;
  /** noise margins in dB (the models carry 0.1 dB units) */
  upstreamMarginDb: number | null;
  downstreamMarginDb: number | null;
}

const SUMMARY_KEYS =
  "^((InternetGatewayDevice|Device)\\.DeviceInfo\\.UpTime" +
  "|InternetGatewayDevice\\.WANDevice\\.\\d+\\.WANDSLInterfaceConfig\\.[A-Za-z]+" +
  "|Device\\.DSL\\.(Line|Channel)\\.\\d+\\.[A-Za-z]+)$";

const TYPE_MAX: Record<string, number> = { unsignedInt: 4294967295, int: 2147483647 };

/** The seconds the data model allows for PeriodicInformInterval (unsignedInt[1:] in TR-098/TR-181). */
function informIntervalRange(rootObject: string): { min: number; max: number } {
  const facts = lookupParameter(`${rootObject || "Device"}.ManagementServer.PeriodicInformInterval`)?.facts;
  const [lo, hi] = facts?.r?.[0] ?? [1, null];
  return { min: Math.max(lo ?? 1, 1), max: hi ?? TYPE_MAX[facts?.t ?? "unsignedInt"] ?? 4294967295 };
}

/**
 * The columns the page shows, plus the gateway link's. The document is read piecewise below; credential
 * and session-lock columns are not read at all (the output schema, tree-schemas.ts, lists the rest).
 */
const detailSelect = {
  id: true,
  oui: true,
  productClass: true,
  serialNumber: true,
  manufacturer: true,
  kind: true,
  rootObject: true,
  modelName: true,
  softwareVersion: true,
  hardwareVersion: true,
  ipAddress: true,
  macAddress: true,
  subscriberId: true,
  tags: true,
  notes: true,
  cwmpVersion: true,
  firstSeen: true,
  lastBoot: true,
  lastBootstrap: true,
  fullReadAt: true,
  fullReadFailedAt: true,
  periodicInformInterval: true,
  gatewayOui: true,
  gatewaySerialNumber: true,
  gatewayProductClass: true,
} as const satisfies Partial<Record<keyof Device, true>>;

export async function getDeviceDetail(deviceId: number, now = new Date()) {
  const row = await db().device.findUnique({
    where: { id: deviceId },
    // The last Inform lives on DeviceLastInform (one row per device); the output flattens it back.
    select: { ...detailSelect, lastInform: { select: { informedAt: true } } },
  });
  if (!row) throw new AppError("not_found", `device ${deviceId} not found`);
  const device = { ...row, lastInform: row.lastInform?.informedAt ?? null };
  const entries = await entriesMatching(deviceId, SUMMARY_KEYS);
  const value = (path: string) => entries.get(path)?.v;
  const num = (path: string) => {
    const n = Number(value(path));
    return value(path) === undefined || Number.isNaN(n) ? null : n;
  };
  const upTime = entries.get(`${device.rootObject}.DeviceInfo.UpTime`);

  const wan = wanLine(entries, value, num);
  // The household both ways (server/household/queries.ts): the boxes behind a gateway, a box's gateway.
  const stbs = await boxesBehind(device, now);
  const gateway = await gatewayOf(device, now);

  return {
    ...device,
    // unsignedInt (bigint column); a JavaScript number holds it exactly.
    periodicInformInterval:
      device.periodicInformInterval === null ? null : Number(device.periodicInformInterval),
    online: isOnline(device.lastInform, device.periodicInformInterval, now),
    informIntervalRange: informIntervalRange(device.rootObject),
    // A CPE's UpTime that is not a number (an empty string after a reset) shows as unknown.
    upTime:
      upTime?.v !== undefined && upTime.v !== "" && Number.isFinite(Number(upTime.v))
        ? { seconds: Number(upTime.v), readAt: upTime.ts }
        : null,
    wan,
    gateway,
    stbs,
  };
}

function wanLine(
  entries: Map<string, unknown>,
  value: (p: string) => string | undefined,
  num: (p: string) => number | null,
): WanLine | null {
  const keys = [...entries.keys()];
  const tr098 = keys.find((k) =>
    /^InternetGatewayDevice\.WANDevice\.\d+\.WANDSLInterfaceConfig\.Status$/.test(k),
  );
  if (tr098) {
    const base = tr098.slice(0, -"Status".length);
    return {
      source: base,
      status: value(`${base}Status`) ?? null,
      upstreamKbps: num(`${base}UpstreamCurrRate`),
      downstreamKbps: num(`${base}DownstreamCurrRate`),
      upstreamMarginDb: tenths(num(`${base}UpstreamNoiseMargin`)),
      downstreamMarginDb: tenths(num(`${base}DownstreamNoiseMargin`)),
    };
  }
  const line = keys.find((k) => /^Device\.DSL\.Line\.\d+\.Status$/.test(k));
  if (!line) return null;
  const base = line.slice(0, -"Status".length);
  const channel = keys.find((k) => /^Device\.DSL\.Channel\.\d+\.UpstreamCurrRate$/.test(k));
  const ch = channel ? channel.slice(0, -"UpstreamCurrRate".length) : base;
  return {
    source: base,
    status: value(`${base}Status`) ?? null,
    upstreamKbps: num(`${ch}UpstreamCurrRate`),
    downstreamKbps: num(`${ch}DownstreamCurrRate`),
    upstreamMarginDb: tenths(num(`${base}UpstreamNoiseMargin`)),
    downstreamMarginDb: tenths(num(`${base}DownstreamNoiseMargin`)),
  };
}

const tenths = (n: number | null) => (n === null ? null : n / 10);

export async function updateTags(operatorId: number, deviceId: number, tags: string[]): Promise<string[]> {
  const next = [...new Set(tags.map((t) => t.trim()).filter(Boolean))].sort();
  return db().$transaction(async (tx) => {
    const device = await tx.device.findUnique({ where: { id: deviceId }, select: { tags: true } });
    if (!device) throw new AppError("not_found", `device ${deviceId} not found`);
    await tx.device.update({ where: { id: deviceId }, data: { tags: next } });
    await recordAudit(tx, {
      operatorId,
      action: "device.tags",
      deviceId,
      target: "tags",
      before: { tags: device.tags },
      after: { tags: next },
    });
    return next;
  });
}

export async function updateNotes(operatorId: number, deviceId: number, notes: string): Promise<string> {
  return db().$transaction(async (tx) => {
    const device = await tx.device.findUnique({ where: { id: deviceId }, select: { notes: true } });
    if (!device) throw new AppError("not_found", `device ${deviceId} not found`);
    await tx.device.update({ where: { id: deviceId }, data: { notes } });
    await recordAudit(tx, {
      operatorId,
      action: "device.notes",
      deviceId,
      target: "notes",
      before: { notes: device.notes },
      after: { notes },
    });
    return notes;
  });
}

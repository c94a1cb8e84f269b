// The household both ways. A gateway's boxes: its ManageableDevice rows resolved to managed devices by
// OUI + serial (+ product class when the gateway gave one; unknown ones listed as not managed), plus
// boxes that name this gateway in their own GatewayInfo. A box's gateway: from its GatewayInfo columns,
// else from a gateway whose ManageableDevice table lists it.
import "server-only";
import { db } from "../db";
import type { Device } from "../generated/prisma/client";
import { isOnline } from "../devices/search-sql";
import { MAX_ROWS } from "./rows";

export interface LinkedDevice {
  /** null: known only from the gateway's table (or the box's report), not managed here */
  id: number | null;
  serialNumber: string;
  productClass: string;
  kind: string | null;
  online: boolean | null;
}

const linkSelect = {
  id: true,
  oui: true,
  serialNumber: true,
  productClass: true,
  kind: true,
  lastInform: { select: { informedAt: true } },
  periodicInformInterval: true,
} as const;

type Row = Pick<Device, "id" | "serialNumber" | "productClass" | "kind" | "periodicInformInterval"> & {
  lastInform: { informedAt: Date | null } | null;
};

const link = (d: Row, now: Date): LinkedDevice => ({
  id: d.id,
  serialNumber: d.serialNumber,
  productClass: d.productClass,
  kind: d.kind,
  online: isOnline(d.lastInform?.informedAt ?? null, d.periodicInformInterval, now),
});

interface Identity {
  id: number;
  oui: string;
  serialNumber: string;
}

export async function boxesBehind(gateway: Identity, now = new Date()): Promise<LinkedDevice[]> {
  const rows = await db().manageableDevice.findMany({
    where: { gatewayId: gateway.id },
    orderBy: [{ serialNumber: "asc" }, { productClass: "asc" }],
    take: MAX_ROWS,
  });
  const managed = rows.length
    ? await db().device.findMany({
        where: { OR: rows.map((r) => ({ oui: r.oui, serialNumber: r.serialNumber })) },
        select: linkSelect,
        take: MAX_ROWS * 2,
      })
    : [];
  const out = new Map<string, LinkedDevice>();
  for (const r of rows) {
    const d = managed.find(
      (m) =>
        m.oui === r.oui &&
        m.serialNumber === r.serialNumber &&
        (r.productClass === "" || m.productClass === r.productClass),
    );
    out.set(
      d ? `id:${d.id}` : `row:${r.oui}:${r.serialNumber}:${r.productClass}`,
      d
        ? link(d, now)
        : { id: null, serialNumber: r.serialNumber, productClass: r.productClass, kind: null, online: null },
    );
  }
  // Boxes that say (DHCP option 125 → GatewayInfo) they sit behind this gateway.
  const reporting = await db().device.findMany({
    where: {
      gatewaySerialNumber: gateway.serialNumber,
      OR: [{ gatewayOui: gateway.oui }, { gatewayOui: null }],
      id: { not: gateway.id },
    },
    select: linkSelect,
    orderBy: { serialNumber: "asc" },
    take: MAX_ROWS,
  });
  for (const d of reporting) out.set(`id:${d.id}`, link(d, now));
  // Managed boxes first (the ones an agent can open), then those known only from the table; by serial.
  const unmanaged = (d: LinkedDevice) => Number(d.id === null);
  return [...out.values()]
    .sort((a, b) => unmanaged(a) - unmanaged(b) || a.serialNumber.localeCompare(b.serialNumber))
    .slice(0, MAX_ROWS);
}

export async function gatewayOf(
  box: Identity & {
    gatewayOui: string | null;
    gatewaySerialNumber: string | null;
    gatewayProductClass: string | null;
  },
  now = new Date(),
): Promise<LinkedDevice | null> {
  if (box.gatewaySerialNumber) {
    const gw = await db().device.findFirst({
      where: {
        serialNumber: box.gatewaySerialNumber,
        ...(box.gatewayOui ? { oui: box.gatewayOui } : {}),
        id: { not: box.id },
      },
      select: linkSelect,
    });
    if (gw) return link(gw, now);
  }
  const listed = await db().manageableDevice.findFirst({
    where: { oui: box.oui, serialNumber: box.serialNumber, gatewayId: { not: box.id } },
    orderBy: { seenAt: "desc" },
    select: { gateway: { select: linkSelect } },
  });
  if (listed) return link(listed.gateway, now);
  if (!box.gatewaySerialNumber) return null;
  return {
    id: null,
    serialNumber: box.gatewaySerialNumber,
    productClass: box.gatewayProductClass ?? "",
    kind: null,
    online: null,
  };
}

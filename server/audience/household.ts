// The household a box belongs to, as audience measurement counts it: the subscriber id, else the
// gateway's serial, else the box's own serial (the same key monitoring and the topology use), with the
// household's region (0 when unknown) and segment from the topology. Read per event, never stored in
// clear by the audience store: collection turns the key into a pseudonym.
import { db } from "../db";
import { HOUSEHOLD_SQL } from "../monitoring/store/ingest";

export interface DeviceHousehold {
  deviceId: number;
  household: string;
  /** 0 when the household has no region (no topology entry, or its access node has none) */
  regionId: number;
  segment: string;
}

/** The device's household, region and segment; null for a device that does not exist (any more). */
export async function deviceHousehold(deviceId: number): Promise<DeviceHousehold | null> {
  const [row] = await db().$queryRawUnsafe<{ household: string; region_id: number; segment: string }[]>(
    `SELECT ${HOUSEHOLD_SQL} AS household, COALESCE(t."regionId", n."regionId", 0)::int AS region_id,
            COALESCE(t.segment, '') AS segment
       FROM "Device" d
       LEFT JOIN "TopologyEntry" t ON t.household = ${HOUSEHOLD_SQL}
       LEFT JOIN "AccessNode" n ON n.id = t."accessNodeId"
      WHERE d.id = $1`,
    deviceId,
  );
  if (!row) return null;
  return { deviceId, household: row.household, regionId: row.region_id, segment: row.segment };
}

/** At most this many devices are looked at for one household (a household has a handful of boxes). */
const MAX_HOUSEHOLD_DEVICES = 1_000;

/** The ids of the devices of a household (by its key). */
export async function householdDeviceIds(household: string): Promise<number[]> {
  // Each alternative on its own so the indexes on subscriberId and serialNumber serve the lookup.
  const rows = await db().$queryRawUnsafe<{ id: number }[]>(
    `SELECT d.id FROM "Device" d
      WHERE (d."subscriberId" = $1 OR d."serialNumber" = $1 OR d."gatewaySerialNumber" = $1)
        AND ${HOUSEHOLD_SQL} = $1
      LIMIT ${MAX_HOUSEHOLD_DEVICES}`,
    household,
  );
  return rows.map((r) => r.id);
}

// Read side of the topology for the console: regions and access nodes with their household counts,
// the households of one node, and where one device sits.
import { db } from "../../db";
import { HOUSEHOLD_SQL } from "../store/ingest";

export interface RegionSummary {
  id: number;
  name: string;
  accessNodes: number;
  households: number;
}

export async function listRegions(): Promise<RegionSummary[]> {
  const rows = await db().$queryRawUnsafe<{ id: number; name: string; nodes: bigint; households: bigint }[]>(
    `SELECT r.id, r.name,
       (SELECT count(*) FROM "AccessNode" n WHERE n."regionId" = r.id) AS nodes,
       (SELECT count(*) FROM "TopologyEntry" t
          LEFT JOIN "AccessNode" n ON n.id = t."accessNodeId"
        WHERE COALESCE(t."regionId", n."regionId") = r.id) AS households
     FROM "Region" r ORDER BY r.name`,
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    accessNodes: Number(r.nodes),
    households: Number(r.households),
  }));
}

export interface AccessNodeSummary {
  id: number;
  name: string;
  kind: string;
  regionId: number | null;
  region: string | null;
  households: number;
}

/** Access nodes (optionally of one region or matching a name), largest first, at most `limit`. */
export async function listAccessNodes(
  filter: { regionId?: number; search?: string; limit?: number } = {},
): Promise<AccessNodeSummary[]> {
  const limit = Math.min(Math.max(filter.limit ?? 200, 1), 1000);
  const rows = await db().$queryRawUnsafe<
    {
      id: number;
      name: string;
      kind: string;
      regionId: number | null;
      region: string | null;
      households: bigint;
    }[]
  >(
    `SELECT n.id, n.name, n.kind, n."regionId", r.name AS region,
       (SELECT count(*) FROM "TopologyEntry" t WHERE t."accessNodeId" = n.id) AS households
     FROM "AccessNode" n LEFT JOIN "Region" r ON r.id = n."regionId"
     WHERE ($1::int4 IS NULL OR n."regionId" = $1) AND ($2::text IS NULL OR n.name ILIKE '%' || $2 || '%')
     ORDER BY households DESC, n.name LIMIT $3`,
    filter.regionId ?? null,
    filter.search?.replace(/[%_\\]/g, (c) => `\\${c}`) ?? null,
    limit,
  );
  return rows.map((r) => ({ ...r, households: Number(r.households) }));
}

export interface TopologySummary {
  regions: number;
  accessNodes: number;
  households: number;
  /** Households whose devices have informed but have no topology entry */
  devicesWithoutTopology: number;
}

export async function topologySummary(): Promise<TopologySummary> {
  const [row] = await db().$queryRawUnsafe<
    { regions: bigint; nodes: bigint; households: bigint; missing: bigint }[]
  >(
    `SELECT (SELECT count(*) FROM "Region") AS regions, (SELECT count(*) FROM "AccessNode") AS nodes,
       (SELECT count(*) FROM "TopologyEntry") AS households,
       (SELECT count(*) FROM "Device" d WHERE NOT EXISTS
          (SELECT 1 FROM "TopologyEntry" t WHERE t.household = ${HOUSEHOLD_SQL})) AS missing`,
  );
  return {
    regions: Number(row?.regions ?? 0),
    accessNodes: Number(row?.nodes ?? 0),
    households: Number(row?.households ?? 0),
    devicesWithoutTopology: Number(row?.missing ?? 0),
  };
}

export interface DevicePlacement {
  household: string;
  accessNode: { id: number; name: string } | null;
  accessPort: string;
  region: { id: number; name: string } | null;
  source: string | null;
}

/** Where a device sits (its household's entry), or only its household key when none is known. */
export async function devicePlacement(deviceId: number): Promise<DevicePlacement | null> {
  const [row] = await db().$queryRawUnsafe<
    {
      household: string;
      node_id: number | null;
      node: string | null;
      port: string | null;
      region_id: number | null;
      region: string | null;
      source: string | null;
    }[]
  >(
    `SELECT ${HOUSEHOLD_SQL} AS household, n.id AS node_id, n.name AS node, t."accessPort" AS port,
       r.id AS region_id, r.name AS region, t.source
     FROM "Device" d LEFT JOIN "TopologyEntry" t ON t.household = ${HOUSEHOLD_SQL}
       LEFT JOIN "AccessNode" n ON n.id = t."accessNodeId"
       LEFT JOIN "Region" r ON r.id = COALESCE(t."regionId", n."regionId")
     WHERE d.id = $1`,
    deviceId,
  );
  if (!row) return null;
  return {
    household: row.household,
    accessNode: row.node_id !== null && row.node ? { id: row.node_id, name: row.node } : null,
    accessPort: row.port ?? "",
    region: row.region_id !== null && row.region ? { id: row.region_id, name: row.region } : null,
    source: row.source,
  };
}

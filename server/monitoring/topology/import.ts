// Topology import: where each household sits (access node, port, region), from a CSV file. Rows are
// checked one by one (lib/monitoring/topology-csv.ts); the good ones are upserted in one transaction with
// its audit row, set-based (a few statements per 5,000 rows), so a whole country imports in seconds.
import type { Actor } from "../../core/actor";
import { AppError } from "../../core/app-error";
import { recordAudit } from "../../audit/service";
import { db } from "../../db";
import { parseTopologyCsv, type CsvProblem, type TopologyRow } from "../../../lib/monitoring/topology-csv";
import type { Prisma } from "../../generated/prisma/client";

type Tx = Prisma.TransactionClient;

export interface ImportResult {
  imported: number;
  skipped: number;
  /** The first problems, each with its line (the count is in `skipped`) */
  problems: CsvProblem[];
}

const BATCH = 5_000;
export const MAX_REPORTED_PROBLEMS = 100;
/** Bytes of CSV one import accepts. */
export const MAX_IMPORT_BYTES = 32 * 1024 * 1024;

export function checkSize(csvText: string): void {
  if (csvText.length > MAX_IMPORT_BYTES)
    throw new AppError("invalid_input", "the file is larger than 32 MiB");
}

/** Region name -> id, creating the missing ones. */
export async function ensureRegions(tx: Tx, names: Iterable<string>): Promise<Map<string, number>> {
  const list = [...new Set(names)].filter((n) => n !== "");
  if (list.length === 0) return new Map();
  await tx.$executeRawUnsafe(
    `INSERT INTO "Region" (name) SELECT unnest($1::text[]) ON CONFLICT (name) DO NOTHING`,
    list,
  );
  const rows = await tx.region.findMany({ where: { name: { in: list } }, select: { id: true, name: true } });
  return new Map(rows.map((r) => [r.name, r.id]));
}

async function ensureNodes(
  tx: Tx,
  rows: TopologyRow[],
  regions: Map<string, number>,
): Promise<Map<string, { id: number; regionId: number | null }>> {
  // The first row naming a node decides its kind and region (a later one naming it differently is not an error:
  // households of one node may be listed under the node's own region or left blank).
  const first = new Map<string, TopologyRow>();
  for (const r of rows) if (r.accessNode && !first.has(r.accessNode)) first.set(r.accessNode, r);
  const nodes = [...first.values()];
  for (let i = 0; i < nodes.length; i += BATCH) {
    const batch = nodes.slice(i, i + BATCH);
    await tx.$executeRawUnsafe(
      `INSERT INTO "AccessNode" (name, kind, "regionId")
       SELECT * FROM unnest($1::text[], $2::text[], $3::int4[])
       ON CONFLICT (name) DO UPDATE SET kind = EXCLUDED.kind,
         "regionId" = COALESCE(EXCLUDED."regionId", "AccessNode"."regionId")`,
      batch.map((n) => n.accessNode),
      batch.map((n) => n.accessKind),
      batch.map((n) => (n.region ? (regions.get(n.region) ?? null) : null)),
    );
  }
  const found = await tx.accessNode.findMany({
    where: { name: { in: [...first.keys()] } },
    select: { id: true, name: true, regionId: true },
  });
  return new Map(found.map((n) => [n.name, { id: n.id, regionId: n.regionId }]));
}

async function upsertEntries(
  tx: Tx,
  rows: TopologyRow[],
  regions: Map<string, number>,
  nodes: Map<string, { id: number; regionId: number | null }>,
): Promise<void> {
  // A file without a segment column leaves the stored segments alone (a network-only export from the
  // inventory must not wipe what the billing export set); with the column, the cell is the truth.
  const withSegment = rows.some((r) => r.segment !== null);
  const setSegment = withSegment ? `, segment = EXCLUDED.segment` : "";
  for (let i = 0; i < rows.length; i += BATCH) {
    const batch = rows.slice(i, i + BATCH);
    const node = (r: TopologyRow) => (r.accessNode ? nodes.get(r.accessNode) : undefined);
    await tx.$executeRawUnsafe(
      `INSERT INTO "TopologyEntry" (household, "accessNodeId", "accessPort", "regionId", segment, source, "updatedAt")
       SELECT h, n, p, r, s, 'import', now()
         FROM unnest($1::text[], $2::int4[], $3::text[], $4::int4[], $5::text[]) AS u(h, n, p, r, s)
       ON CONFLICT (household) DO UPDATE SET "accessNodeId" = EXCLUDED."accessNodeId",
         "accessPort" = EXCLUDED."accessPort", "regionId" = EXCLUDED."regionId"${setSegment},
         source = 'import', "updatedAt" = now()`,
      batch.map((r) => r.household),
      batch.map((r) => node(r)?.id ?? null),
      batch.map((r) => r.accessPort),
      batch.map((r) => (r.region ? (regions.get(r.region) ?? null) : (node(r)?.regionId ?? null))),
      batch.map((r) => r.segment ?? ""),
    );
  }
}

/**
 * Imports a topology CSV (`household,access_node,access_port,region,access_kind[,segment]`): upserts
 * regions, access nodes and one entry per household (with its segment when the file has that column).
 * Bad rows are skipped and reported with their line.
 */
export async function importTopology(csvText: string, actor: Actor): Promise<ImportResult> {
  checkSize(csvText);
  const { rows, problems } = parseTopologyCsv(csvText);
  if (rows.length > 0) {
    await db().$transaction(
      async (tx) => {
        const regions = await ensureRegions(
          tx,
          rows.map((r) => r.region),
        );
        const nodes = await ensureNodes(tx, rows, regions);
        await upsertEntries(tx, rows, regions, nodes);
        await recordAudit(tx, {
          operatorId: actor.id,
          action: "monitoring.topology.import",
          target: `${rows.length} households`,
          after: {
            imported: rows.length,
            skipped: problems.length,
            nodes: nodes.size,
            regions: regions.size,
          },
        });
      },
      { timeout: 120_000 },
    );
  }
  return {
    imported: rows.length,
    skipped: problems.length,
    problems: problems.slice(0, MAX_REPORTED_PROBLEMS),
  };
}

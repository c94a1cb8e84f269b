// Channel line-up import: channel number, name, multicast group / URI (how a box's stream is matched to a
// channel), headend and the regional insertion points of its delivery chain. Same rules as the topology
// import: each row checked alone, bad rows reported with their line, the good ones upserted with one
// audit row. A channel listed in the file gets exactly the insertion points the file gives it.
import type { Actor } from "../../core/actor";
import { recordAudit } from "../../audit/service";
import { invalidateChannels } from "../collect/channels";
import { db } from "../../db";
import { parseLineupCsv } from "../../../lib/monitoring/topology-csv";
import { checkSize, ensureRegions, MAX_REPORTED_PROBLEMS, type ImportResult } from "../topology/import";

const BATCH = 2_000;

export async function importLineup(csvText: string, actor: Actor): Promise<ImportResult> {
  checkSize(csvText);
  const { rows, problems } = parseLineupCsv(csvText);
  if (rows.length > 0) {
    await db().$transaction(
      async (tx) => {
        const regions = await ensureRegions(
          tx,
          rows.flatMap((r) => r.insertionPoints.map((p) => p.region)),
        );
        for (let i = 0; i < rows.length; i += BATCH) {
          const batch = rows.slice(i, i + BATCH);
          await tx.$executeRawUnsafe(
            `INSERT INTO "Channel" (number, name, "multicastGroup", uri, headend)
             SELECT * FROM unnest($1::int4[], $2::text[], $3::text[], $4::text[], $5::text[])
             ON CONFLICT (name) DO UPDATE SET number = EXCLUDED.number, "multicastGroup" = EXCLUDED."multicastGroup",
               uri = EXCLUDED.uri, headend = EXCLUDED.headend`,
            batch.map((r) => r.number),
            batch.map((r) => r.name),
            batch.map((r) => r.multicastGroup),
            batch.map((r) => r.uri),
            batch.map((r) => r.headend),
          );
        }
        const channels = await tx.channel.findMany({
          where: { name: { in: rows.map((r) => r.name) } },
          select: { id: true, name: true },
        });
        const ids = new Map(channels.map((c) => [c.name, c.id]));
        await tx.channelInsertion.deleteMany({ where: { channelId: { in: [...ids.values()] } } });
        const insertions = rows.flatMap((r) =>
          r.insertionPoints.map((p) => ({
            channelId: ids.get(r.name)!,
            regionId: regions.get(p.region)!,
            point: p.point,
          })),
        );
        for (let i = 0; i < insertions.length; i += BATCH)
          await tx.channelInsertion.createMany({ data: insertions.slice(i, i + BATCH) });
        await recordAudit(tx, {
          operatorId: actor.id,
          action: "monitoring.lineup.import",
          target: `${rows.length} channels`,
          after: { imported: rows.length, skipped: problems.length, insertions: insertions.length },
        });
      },
      { timeout: 120_000 },
    );
    // The collector matches streams to channels from a cache: new channels count from now on.
    invalidateChannels();
  }
  return {
    imported: rows.length,
    skipped: problems.length,
    problems: problems.slice(0, MAX_REPORTED_PROBLEMS),
  };
}

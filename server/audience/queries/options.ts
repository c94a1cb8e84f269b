// What the report filter form offers: the channel line-up, regions, segments known to the topology, k,
// the time zone, and the first and last local day holding data. No figure here, so nothing to suppress.
import { readDb } from "../../db";
import { settings } from "../../env";

export interface AudienceOptions {
  channels: { id: number; name: string; number: number | null }[];
  regions: { id: number; name: string }[];
  segments: string[];
  k: number;
  timeZone: string;
  /** first and last local day holding published cells (null when none) */
  firstDay: string | null;
  lastDay: string | null;
}

/** The filter form lists at most this many of each (a line-up or a region list is far smaller). */
const MAX_OPTIONS = 5_000;

export async function audienceOptions(): Promise<AudienceOptions> {
  const s = settings();
  const [channels, regions, segments, [span]] = await Promise.all([
    readDb().channel.findMany({
      select: { id: true, name: true, number: true },
      orderBy: [{ number: { sort: "asc", nulls: "last" } }, { name: "asc" }],
      take: MAX_OPTIONS,
    }),
    readDb().region.findMany({
      select: { id: true, name: true },
      orderBy: { name: "asc" },
      take: MAX_OPTIONS,
    }),
    readDb().$queryRawUnsafe<{ segment: string }[]>(
      `SELECT DISTINCT segment FROM "TopologyEntry" WHERE segment <> '' ORDER BY 1 LIMIT ${MAX_OPTIONS}`,
    ),
    readDb().$queryRawUnsafe<{ first: string | null; last: string | null }[]>(
      `SELECT min(day)::text AS first, max(day)::text AS last FROM "AudiencePanelDay"`,
    ),
  ]);
  return {
    channels,
    regions,
    segments: segments.map((r) => r.segment),
    k: s.AUDIENCE_K,
    timeZone: s.AUDIENCE_TIME_ZONE,
    firstDay: span?.first ?? null,
    lastDay: span?.last ?? null,
  };
}

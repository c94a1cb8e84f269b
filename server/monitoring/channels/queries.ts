// The line-up for the console and the collectors: channels with their delivery chain, and the lookup
// of a stream's multicast group / URI / name to a channel.
import { AppError } from "../../core/app-error";
import { db } from "../../db";

export interface ChannelSummary {
  id: number;
  number: number | null;
  name: string;
  multicastGroup: string | null;
  uri: string | null;
  headend: string;
  insertions: { regionId: number; region: string; point: string }[];
}

export async function listChannels(): Promise<ChannelSummary[]> {
  const rows = await db().channel.findMany({
    include: { insertions: { include: { region: true } } },
    orderBy: [{ number: { sort: "asc", nulls: "last" } }, { name: "asc" }],
    take: 5_000,
  });
  return rows.map((c) => ({
    id: c.id,
    number: c.number,
    name: c.name,
    multicastGroup: c.multicastGroup,
    uri: c.uri,
    headend: c.headend,
    insertions: c.insertions
      .map((i) => ({ regionId: i.regionId, region: i.region.name, point: i.point }))
      .sort((a, b) => a.region.localeCompare(b.region)),
  }));
}

export interface ChannelChain {
  channel: { id: number; number: number | null; name: string };
  headend: string;
  /** One hop per region: the insertion point the channel passes through there */
  regions: { regionId: number; region: string; insertionPoint: string | null }[];
}

/** The delivery chain of a channel: headend -> insertion point per region (regions without one: null). */
export async function channelChain(channelId: number): Promise<ChannelChain> {
  const channel = await db().channel.findUnique({
    where: { id: channelId },
    include: { insertions: true },
  });
  if (!channel) throw new AppError("not_found", "no such channel");
  const regions = await db().region.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true } });
  const points = new Map(channel.insertions.map((i) => [i.regionId, i.point]));
  return {
    channel: { id: channel.id, number: channel.number, name: channel.name },
    headend: channel.headend,
    regions: regions.map((r) => ({
      regionId: r.id,
      region: r.name,
      insertionPoint: points.get(r.id) ?? null,
    })),
  };
}

/** The channel a stream is on, from what the box reports (group, URI or channel name). */
export async function findChannel(stream: {
  multicastGroup?: string | null;
  uri?: string | null;
  name?: string | null;
}): Promise<number | null> {
  const or = [
    stream.multicastGroup ? { multicastGroup: stream.multicastGroup } : null,
    stream.uri ? { uri: stream.uri } : null,
    stream.name ? { name: stream.name } : null,
  ].filter((c) => c !== null);
  if (or.length === 0) return null;
  const row = await db().channel.findFirst({
    where: { OR: or },
    select: { id: true },
    orderBy: { id: "asc" },
  });
  return row?.id ?? null;
}

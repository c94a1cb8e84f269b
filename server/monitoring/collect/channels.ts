// The channel a viewing interval belongs to, from the line-up (Channel: name, multicast group, URI).
// The line-up is small and changes rarely: one read per process per minute serves every report.
import { db } from "../../db";
import type { ChannelHint } from "./stream-map";

interface LineUp {
  byName: Map<string, number>;
  byGroup: Map<string, number>;
  byUri: Map<string, number>;
  loadedAt: number;
}

const TTL_MS = 60_000;
let cache: LineUp | null = null;
let loading: Promise<LineUp> | null = null;

async function load(): Promise<LineUp> {
  const rows = await db().channel.findMany({
    select: { id: true, name: true, multicastGroup: true, uri: true },
  });
  const lineUp: LineUp = { byName: new Map(), byGroup: new Map(), byUri: new Map(), loadedAt: Date.now() };
  for (const r of rows) {
    lineUp.byName.set(r.name.toLowerCase(), r.id);
    if (r.multicastGroup) lineUp.byGroup.set(r.multicastGroup.trim(), r.id);
    if (r.uri) lineUp.byUri.set(r.uri.trim(), r.id);
  }
  return lineUp;
}

async function lineUp(): Promise<LineUp> {
  if (cache && Date.now() - cache.loadedAt < TTL_MS) return cache;
  loading ??= load().finally(() => (loading = null));
  cache = await loading;
  return cache;
}

/** After an import changed the line-up: the next lookup reloads. */
export function invalidateChannels(): void {
  cache = null;
}

/** "udp://239.1.1.1:5000" or "igmp://239.1.1.1" -> "239.1.1.1": how groups appear in URIs. */
const hostOf = (uri: string) => /^[a-z]+:\/\/@?([^:/]+)/i.exec(uri)?.[1] ?? null;

export async function resolveChannel(hint: ChannelHint): Promise<number | null> {
  if (!hint.name && !hint.group && !hint.uri) return null;
  const l = await lineUp();
  const byName = hint.name ? l.byName.get(hint.name.toLowerCase()) : undefined;
  if (byName !== undefined) return byName;
  if (hint.group) {
    const id = l.byGroup.get(hint.group) ?? l.byUri.get(hint.group);
    if (id !== undefined) return id;
  }
  if (hint.uri) {
    const host = hostOf(hint.uri);
    const id = l.byUri.get(hint.uri) ?? (host ? l.byGroup.get(host) : undefined);
    if (id !== undefined) return id;
  }
  return null;
}

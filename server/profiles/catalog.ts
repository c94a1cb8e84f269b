// The enabled profiles, parsed once and kept in memory: the session hot path decides "nothing due"
// without a query. Another node's change is seen within REFRESH_MS (one cheap aggregate over the small
// Profile table decides whether to reload); this process's own saves invalidate at once.
import { profileDefinitionSchema, type ProfileDefinition } from "../../lib/profiles/definition";
import { processSlot } from "../core/process-slot";
import { db } from "../db";
import { logger } from "../logger";
import { openSecret } from "../secrets-file";

export interface CatalogProfile {
  id: number;
  name: string;
  version: number;
  priority: number;
  definition: ProfileDefinition;
  /** true when the precondition needs parameter values (read from the document only when due). */
  readsParameters: boolean;
  rolloutPerMinute: number | null;
}

interface Catalog {
  profiles: CatalogProfile[];
  stamp: string;
  checkedAt: number;
}

export const REFRESH_MS = 2_000;
const slot = processSlot<{ catalog: Catalog; refreshing: Promise<void>; generation: number }>(
  "profileCatalog",
);

/** "<count>:<latest update>": changes whenever a profile is created, saved, enabled or deleted. */
async function currentStamp(): Promise<string> {
  const [row] = await db().$queryRaw<{ n: bigint; at: Date | null }[]>`
    SELECT count(*) AS n, max("updatedAt") AS at FROM "Profile"`;
  return `${row?.n ?? 0}:${row?.at?.toISOString() ?? ""}`;
}

async function load(stamp: string): Promise<Catalog> {
  const rows = await db().profile.findMany({
    where: { enabled: true },
    select: { id: true, name: true, version: true, priority: true, definition: true, rolloutPerMinute: true },
    orderBy: { id: "asc" },
  });
  const profiles: CatalogProfile[] = [];
  for (const row of rows) {
    // Saved through the schema; a row that no longer parses (edited by hand) is skipped, not fatal.
    const parsed = profileDefinitionSchema.safeParse(row.definition);
    if (!parsed.success) {
      logger("profiles").error({ profileId: row.id }, "stored profile definition does not parse; skipped");
      continue;
    }
    profiles.push({
      id: row.id,
      name: row.name,
      version: row.version,
      priority: row.priority,
      definition: parsed.data,
      readsParameters: parsed.data.precondition.parameters.length > 0,
      rolloutPerMinute: row.rolloutPerMinute,
    });
  }
  return { profiles, stamp, checkedAt: Date.now() };
}

async function refresh(previous: Catalog | undefined): Promise<void> {
  const generation = slot.generation ?? 0;
  const stamp = await currentStamp();
  const next =
    previous && stamp === previous.stamp ? { ...previous, checkedAt: Date.now() } : await load(stamp);
  // A save in this process while we read: keep it invalidated so the next read sees the save.
  if ((slot.generation ?? 0) === generation) slot.catalog = next;
}

/** The enabled profiles; at most one aggregate query per REFRESH_MS per process. */
export async function enabledProfiles(now = Date.now()): Promise<CatalogProfile[]> {
  const current = slot.catalog;
  if (current && now - current.checkedAt < REFRESH_MS) return current.profiles;
  slot.refreshing ??= refresh(current).finally(() => {
    slot.refreshing = undefined;
  });
  await slot.refreshing;
  return (slot.catalog ?? current)?.profiles ?? (await load(await currentStamp())).profiles;
}

/** After this process saved a profile: the next read reloads. */
export function invalidateProfiles(): void {
  slot.generation = (slot.generation ?? 0) + 1;
  slot.catalog = undefined;
}

/** A profile's secrets opened for one evaluation (name -> value); never cached, never logged. */
export async function openProfileSecrets(profileId: number): Promise<Map<string, string>> {
  const row = await db().profile.findUnique({ where: { id: profileId }, select: { secrets: true } });
  const sealed = (row?.secrets ?? {}) as Record<string, string>;
  const opened = new Map<string, string>();
  for (const [name, value] of Object.entries(sealed)) {
    try {
      opened.set(name, openSecret(value));
    } catch {
      // A secret sealed under another key file: its rows stay unresolved (reported on the state).
      logger("profiles").error({ profileId, secret: name }, "profile secret cannot be opened");
    }
  }
  return opened;
}

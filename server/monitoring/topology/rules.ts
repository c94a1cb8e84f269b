// Topology from the device itself: a TopologyRule says that, for devices of an OUI / product class, the
// value at a parameter path names the household's access node, port or region. Applied on Informs,
// cheaply: the rules are cached (reloaded at most every minute), nothing is read when no rule matches
// the device, and only Informs that can change the answer (boot, bootstrap, value change, or one
// carrying a rule's path) look at it. An imported entry wins: the operator's file is the reference.
import type { InformRecordedEvent } from "../../events/session-events";
import { onInformRecorded } from "../../events/session-events";
import { db } from "../../db";
import { HOUSEHOLD_SQL } from "../store/ingest";
import { ensureRegions } from "./import";
import type { Actor } from "../../core/actor";
import { AppError } from "../../core/app-error";
import { recordAudit } from "../../audit/service";

export const TOPOLOGY_FIELDS = ["access_node", "access_port", "region"] as const;
export type TopologyField = (typeof TOPOLOGY_FIELDS)[number];

interface CachedRule {
  oui: string;
  productClass: string;
  field: TopologyField;
  path: string;
}

const RELOAD_MS = 60_000;
let cache: { at: number; rules: CachedRule[] } | undefined;

/** Drops the cached rules (after a rule is created or deleted). */
export function invalidateTopologyRules(): void {
  cache = undefined;
}

async function rules(): Promise<CachedRule[]> {
  if (cache && Date.now() - cache.at < RELOAD_MS) return cache.rules;
  const rows = await db().topologyRule.findMany({ orderBy: { id: "asc" } });
  const list = rows
    .filter((r): r is typeof r & { field: TopologyField } =>
      (TOPOLOGY_FIELDS as readonly string[]).includes(r.field),
    )
    .map((r) => ({ oui: r.oui, productClass: r.productClass, field: r.field, path: r.path }));
  cache = { at: Date.now(), rules: list };
  return list;
}

const matches = (r: CachedRule, oui: string, productClass: string) =>
  (r.oui === "" || r.oui === oui) && (r.productClass === "" || r.productClass === productClass);

const TRIGGERS = ["0 BOOTSTRAP", "1 BOOT", "4 VALUE CHANGE"];

/** The Inform handler: applies matching rules when the Inform can have changed their values. */
export async function applyTopologyRules(event: InformRecordedEvent): Promise<void> {
  const { device, inform, codes, firstContact } = event;
  const list = (await rules()).filter((r) => matches(r, device.oui, device.productClass));
  if (list.length === 0) return;
  const sent = new Map(inform.parameterList.map((p) => [p.name, p.value]));
  const relevant = firstContact || TRIGGERS.some((c) => codes.has(c)) || list.some((r) => sent.has(r.path));
  if (!relevant) return;
  await applyRules(device.id, list, sent);
}

/** Reads the rules' values (the Inform's, else the stored tree's) and upserts the household's entry. */
export async function applyRules(
  deviceId: number,
  list: readonly CachedRule[],
  sent: ReadonlyMap<string, string> = new Map(),
): Promise<boolean> {
  const paths = list.map((r) => r.path);
  const [row] = await db().$queryRawUnsafe<{ household: string; vals: Record<string, string | null> }[]>(
    `SELECT ${HOUSEHOLD_SQL} AS household,
       (SELECT jsonb_object_agg(k, d.parameters->k->>'v') FROM unnest($2::text[]) k) AS vals
     FROM "Device" d WHERE d.id = $1`,
    deviceId,
    paths,
  );
  if (!row) return false;
  const value = (field: TopologyField) => {
    const rule = list.find((r) => r.field === field && (sent.get(r.path) ?? row.vals?.[r.path]));
    const v = rule ? (sent.get(rule.path) ?? row.vals?.[rule.path] ?? "") : "";
    return v.trim().slice(0, 200);
  };
  const node = value("access_node");
  const port = value("access_port");
  const region = value("region");
  if (!node && !region) return false;
  return db().$transaction(async (tx) => {
    const regionId = region ? ((await ensureRegions(tx, [region])).get(region) ?? null) : null;
    let nodeId: number | null = null;
    let nodeRegion: number | null = null;
    if (node) {
      const n = await tx.accessNode.upsert({
        where: { name: node },
        create: { name: node, regionId },
        update: {},
        select: { id: true, regionId: true },
      });
      nodeId = n.id;
      nodeRegion = n.regionId;
    }
    const changed = await tx.$executeRawUnsafe(
      `INSERT INTO "TopologyEntry" (household, "accessNodeId", "accessPort", "regionId", source, "updatedAt")
       VALUES ($1, $2, $3, $4, 'parameter', now())
       ON CONFLICT (household) DO UPDATE SET "accessNodeId" = EXCLUDED."accessNodeId",
         "accessPort" = EXCLUDED."accessPort", "regionId" = EXCLUDED."regionId", "updatedAt" = now()
       WHERE "TopologyEntry".source = 'parameter' AND ("TopologyEntry"."accessNodeId" IS DISTINCT FROM EXCLUDED."accessNodeId"
         OR "TopologyEntry"."accessPort" <> EXCLUDED."accessPort" OR "TopologyEntry"."regionId" IS DISTINCT FROM EXCLUDED."regionId")`,
      row.household,
      nodeId,
      port,
      regionId ?? nodeRegion,
    );
    return changed > 0;
  });
}

/** Registers the Inform handler; returns its removal. */
export function startTopologyRules(): () => void {
  return onInformRecorded("monitoring-topology", applyTopologyRules);
}

export interface TopologyRuleInput {
  oui?: string;
  productClass?: string;
  field: TopologyField;
  path: string;
}

export async function createTopologyRule(actor: Actor, input: TopologyRuleInput): Promise<{ id: number }> {
  if (!(TOPOLOGY_FIELDS as readonly string[]).includes(input.field) || !/^[\w.-]{1,256}$/.test(input.path))
    throw new AppError("invalid_input", "a rule names a field and a parameter path");
  const row = await db().$transaction(async (tx) => {
    const rule = await tx.topologyRule.create({
      data: {
        oui: input.oui ?? "",
        productClass: input.productClass ?? "",
        field: input.field,
        path: input.path,
      },
      select: { id: true },
    });
    await recordAudit(tx, {
      operatorId: actor.id,
      action: "topology-rule.create",
      target: input.path,
      after: input,
    });
    return rule;
  });
  invalidateTopologyRules();
  return row;
}

export async function deleteTopologyRule(actor: Actor, id: number): Promise<void> {
  await db().$transaction(async (tx) => {
    const rule = await tx.topologyRule.findUnique({ where: { id } });
    if (!rule) throw new AppError("not_found", "no such topology rule");
    await tx.topologyRule.delete({ where: { id } });
    await recordAudit(tx, {
      operatorId: actor.id,
      action: "topology-rule.delete",
      target: rule.path,
      before: rule,
    });
  });
  invalidateTopologyRules();
}

export async function listTopologyRules() {
  return db().topologyRule.findMany({ orderBy: { id: "asc" }, take: 1000 });
}

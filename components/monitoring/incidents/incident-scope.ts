// The drill-down scope of an incident: the dashboard dimension its evidence points at (a channel, an
// access node, a model), found by name in the line-up / topology lists, else the whole fleet. Pure.
import { FLEET_KEY } from "@/lib/monitoring/query-api";
import type { DimName } from "../labels";

interface ScopeEvidence {
  channels: string[];
  accessNodes: string[];
  models: string[];
}

export function incidentScope(
  verdict: string,
  e: ScopeEvidence,
  channelIds: ReadonlyMap<string, number>,
  nodeIds: ReadonlyMap<string, number>,
): { dim: DimName; key: string; label: string } {
  const only = (list: string[]) => (list.length === 1 ? list[0] : undefined);
  const channel = only(e.channels);
  const node = only(e.accessNodes);
  const model = only(e.models);
  const channelId = channel === undefined ? undefined : channelIds.get(channel);
  const nodeId = node === undefined ? undefined : nodeIds.get(node);
  if ((verdict === "headend" || verdict === "insertion") && channel && channelId !== undefined)
    return { dim: "channel", key: String(channelId), label: `channel ${channel}` };
  if (verdict === "access" && node && nodeId !== undefined)
    return { dim: "access_node", key: String(nodeId), label: `access node ${node}` };
  if (verdict === "model" && model) return { dim: "model", key: model, label: `model ${model}` };
  if (channel && channelId !== undefined)
    return { dim: "channel", key: String(channelId), label: `channel ${channel}` };
  return { dim: "fleet", key: FLEET_KEY, label: "the fleet" };
}

import { Badge } from "@/components/ui/badge";
import type { ProfileRow } from "./use-profiles";

/** Per-status device counts; zero counts are plain text so the ones that matter stand out. */
export function StatusCounts({ counts }: { counts: ProfileRow["counts"] }) {
  return (
    <div className="flex flex-wrap gap-1">
      <Badge tone={counts.converged > 0 ? "success" : "neutral"}>{counts.converged} converged</Badge>
      <Badge tone={counts.pending > 0 ? "info" : "neutral"}>{counts.pending} pending</Badge>
      <Badge tone={counts.drifted > 0 ? "warning" : "neutral"}>{counts.drifted} drifted</Badge>
      <Badge tone={counts.failed > 0 ? "danger" : "neutral"}>{counts.failed} failed</Badge>
    </div>
  );
}

export function EnabledBadge({ enabled }: { enabled: boolean }) {
  return (
    <Badge tone={enabled ? "success" : "neutral"} dot>
      {enabled ? "Enabled" : "Disabled"}
    </Badge>
  );
}

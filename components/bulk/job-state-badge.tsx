import { Badge, type BadgeTone } from "@/components/ui/badge";

const TONES: Record<string, BadgeTone> = {
  queued: "neutral",
  running: "info",
  waiting: "info",
  pending: "neutral",
  done: "success",
  failed: "danger",
  cancelled: "warning",
};

/** A job or item state as a Badge; the text itself carries the meaning. */
export function StateBadge({ state }: { state: string }) {
  return <Badge tone={TONES[state] ?? "neutral"}>{state}</Badge>;
}

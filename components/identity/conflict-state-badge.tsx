import { Badge } from "@/components/ui/badge";
import type { ConflictState } from "./use-identity";

const LABEL: Record<ConflictState, string> = { open: "Open", accepted: "Accepted", rejected: "Rejected" };
const TONE = { open: "info", accepted: "success", rejected: "neutral" } as const;

export function ConflictStateBadge({ state }: { state: ConflictState }) {
  return <Badge tone={TONE[state]}>{LABEL[state]}</Badge>;
}

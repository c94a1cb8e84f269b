import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { ImageState } from "./use-images";

const TONES: Record<ImageState, BadgeTone> = { draft: "neutral", published: "success", blocked: "danger" };
const LABELS: Record<ImageState, string> = { draft: "Draft", published: "Published", blocked: "Blocked" };

export function ImageStateBadge({ state }: { state: ImageState }) {
  return (
    <Badge tone={TONES[state]} dot>
      {LABELS[state]}
    </Badge>
  );
}

import { Badge } from "@/components/ui/badge";
import type { WaveDeviceState } from "@/lib/firmware/wave-schema";
import {
  DEVICE_STATE_LABELS,
  DEVICE_STATE_TONES,
  WAVE_STATE_LABELS,
  WAVE_STATE_TONES,
  type WaveState,
} from "./labels";

export function WaveStateBadge({ state }: { state: WaveState }) {
  return (
    <Badge tone={WAVE_STATE_TONES[state]} dot>
      {WAVE_STATE_LABELS[state]}
    </Badge>
  );
}

export function DeviceStateBadge({ state }: { state: WaveDeviceState }) {
  return <Badge tone={DEVICE_STATE_TONES[state]}>{DEVICE_STATE_LABELS[state]}</Badge>;
}

import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { RelativeTime } from "@/components/ui/relative-time";
import type { WaveDetail } from "@/lib/firmware/wave-api";
import { deviceCount, stageName } from "../labels";
import { ProgressBar } from "../progress-bar";

const STAGE_TONES = { pending: "neutral", running: "info", done: "success" } as const;
const STAGE_LABELS = { pending: "Pending", running: "Running", done: "Done" } as const;

/** Each stage in order: size, state, when it ran, its devices as a small stacked bar, and its rollback. */
export function StageTimeline({
  wave,
  onRollback,
}: {
  wave: WaveDetail;
  /** Absent without firmware.rollout. */
  onRollback?: (stage: number) => void;
}) {
  if (wave.stages.length === 0)
    return <p className="text-sm text-slate-600">Stages are laid out when the wave starts.</p>;
  return (
    <ol className="space-y-2">
      {wave.stages.map((s) => {
        const name = s.name || stageName(s.index);
        const current =
          s.index === wave.currentStage && (wave.state === "running" || wave.state === "paused");
        return (
          <li
            key={s.index}
            data-testid={`stage-${s.index}`}
            aria-current={current ? "step" : undefined}
            className={`grid gap-2 rounded-md border p-3 sm:grid-cols-[minmax(0,14rem)_minmax(0,1fr)_auto] sm:items-center ${
              current ? "border-sky-400 bg-sky-50/50" : "border-slate-200"
            }`}
          >
            <div className="min-w-0">
              <h3 className="flex flex-wrap items-center gap-2 text-sm font-semibold text-slate-900">
                {name}
                <Badge tone={STAGE_TONES[s.state]}>{STAGE_LABELS[s.state]}</Badge>
              </h3>
              <p className="text-xs text-slate-600">
                {deviceCount(s.size)}
                {s.startedAt ? (
                  <>
                    , started <RelativeTime value={s.startedAt} />
                  </>
                ) : null}
                {s.completedAt ? (
                  <>
                    , done <RelativeTime value={s.completedAt} />
                  </>
                ) : null}
              </p>
            </div>
            <ProgressBar counts={s.counts} total={s.size} />
            {onRollback && s.counts.verified + s.counts.failed > 0 ? (
              <Button variant="secondary" onClick={() => onRollback(s.index)}>
                Roll back {name}
              </Button>
            ) : (
              <span />
            )}
          </li>
        );
      })}
    </ol>
  );
}

"use client";

import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import type { WaveDetail } from "@/lib/firmware/wave-api";
import { stageName } from "../labels";
import type { WaveAction, WaveActions } from "./use-wave-actions";

interface Confirm {
  title: string;
  description: string;
  confirmText: string;
  danger?: boolean;
}

function confirmFor(action: WaveAction, wave: WaveDetail): Confirm {
  if (action === "start")
    return {
      title: `Start ${wave.name}?`,
      description:
        "The devices matching the target now are frozen into the wave and the canary stage begins sending the image.",
      confirmText: "Start",
    };
  if (action === "pause")
    return {
      title: `Pause ${wave.name}?`,
      description: "No new device is sent the image; transfers already under way finish and are verified.",
      confirmText: "Pause",
    };
  if (action === "resume")
    return {
      title: `Resume ${wave.name}?`,
      description: "The current stage carries on sending the image within the wave's caps and window.",
      confirmText: "Resume",
    };
  if (action === "abort")
    return {
      title: `Abort ${wave.name}?`,
      description:
        "The wave ends for good: pending devices are never sent the image. Devices already upgraded keep it.",
      confirmText: "Abort wave",
      danger: true,
    };
  if (action === "rollbackFailed")
    return {
      title: "Roll back the failed devices?",
      description: "Every device that failed in this wave is sent its previous image.",
      confirmText: "Roll back",
      danger: true,
    };
  const name = wave.stages[action.rollbackStage]?.name ?? stageName(action.rollbackStage);
  return {
    title: `Roll back ${name}?`,
    description: `Every device of ${name} that was upgraded or failed is sent its previous image.`,
    confirmText: `Roll back ${name}`,
    danger: true,
  };
}

/** The buttons the wave's state allows, and the one confirmation dialog they open. */
export function WaveActionsBar({ wave, actions }: { wave: WaveDetail; actions: WaveActions }) {
  const s = wave.state;
  const ask = (a: WaveAction) => () => actions.setAsking(a);
  const confirm = actions.asking ? confirmFor(actions.asking, wave) : null;
  return (
    <div className="flex flex-wrap items-center gap-2">
      {s === "draft" ? <Button onClick={ask("start")}>Start</Button> : null}
      {s === "running" ? (
        <Button variant="secondary" onClick={ask("pause")}>
          Pause
        </Button>
      ) : null}
      {s === "paused" ? <Button onClick={ask("resume")}>Resume</Button> : null}
      {s === "running" || s === "paused" ? (
        <Button variant="secondary" className="text-red-800" onClick={ask("abort")}>
          Abort
        </Button>
      ) : null}
      {s !== "draft" && wave.counts.failed > 0 ? (
        <Button variant="secondary" onClick={ask("rollbackFailed")}>
          Roll back failed devices
        </Button>
      ) : null}
      <ConfirmDialog
        open={confirm !== null}
        title={confirm?.title ?? ""}
        description={confirm?.description ?? ""}
        confirmText={confirm?.confirmText ?? "OK"}
        danger={confirm?.danger ?? false}
        busy={actions.busy}
        onConfirm={() => actions.asking && actions.run(actions.asking)}
        onCancel={() => actions.setAsking(null)}
      />
    </div>
  );
}

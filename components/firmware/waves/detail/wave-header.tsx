import Link from "next/link";
import { RelativeTime } from "@/components/ui/relative-time";
import type { WaveDetail } from "@/lib/firmware/wave-api";
import { deviceCount, planText, stageText } from "../labels";
import { describeFilter } from "../target";
import { WaveStateBadge } from "../wave-state-badge";

const sentence = (text: string) => `${text.charAt(0).toUpperCase()}${text.slice(1)}`;

/** The server's reason reads "paused by …" or names the failures: said once, as a sentence. */
function pauseText(reason: string | null): string {
  if (!reason) return "Paused.";
  return /^paused\b/i.test(reason) ? sentence(reason) : `Paused: ${reason}`;
}

function WindowLine({ wave }: { wave: WaveDetail }) {
  const plan = wave.plan.window;
  if (!plan || !wave.window) return <p>No maintenance window: devices are upgraded at any time.</p>;
  return (
    <p>
      Window <span className="font-mono">{plan.cron}</span> for {plan.durationMinutes} min ({plan.timeZone}):{" "}
      {wave.window.open ? (
        <strong>open now</strong>
      ) : wave.window.nextOpen ? (
        <>
          closed, next opens <RelativeTime value={wave.window.nextOpen} />
        </>
      ) : (
        "closed, never opens again"
      )}
    </p>
  );
}

/** Name, image, state, why it is paused or waiting, and the window. */
export function WaveHeader({ wave, actions }: { wave: WaveDetail; actions: React.ReactNode }) {
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <p className="text-sm">
            <Link href="/waves" className="text-sky-800 hover:underline">
              Waves
            </Link>
          </p>
          <h1
            id="wave-heading"
            className="flex flex-wrap items-center gap-2 text-xl font-semibold break-words text-slate-900"
          >
            {wave.name} <WaveStateBadge state={wave.state} />
          </h1>
          <div className="space-y-0.5 text-sm text-slate-700">
            <p>
              {wave.method === "install" ? "Installs app " : "Upgrades to "}
              <strong>{wave.image.version}</strong> ({wave.image.fileName})
              {wave.rollbackImage ? `, rolls back to ${wave.rollbackImage.version}` : ""}
              {wave.delivery === "multicast" ? ", sent by multicast (FLUTE)" : ""}
            </p>
            <p data-testid="wave-target">Devices matching: {describeFilter(wave.filter).join("; ")}</p>
            <p>
              {wave.state === "draft"
                ? "Not started: the matching devices are taken into the wave when it starts"
                : `${deviceCount(wave.total)}, ${stageText(wave.currentStage, wave.stageCount, wave.state)}`}
              . Created by {wave.createdBy} <RelativeTime value={wave.createdAt} />
              {wave.startedAt ? (
                <>
                  , started <RelativeTime value={wave.startedAt} />
                </>
              ) : null}
              {wave.finishedAt ? (
                <>
                  , finished <RelativeTime value={wave.finishedAt} />
                </>
              ) : null}
              .
            </p>
            <WindowLine wave={wave} />
            <details className="text-slate-700">
              <summary className="cursor-pointer text-sky-800">Plan</summary>
              <ul className="mt-1 list-disc pl-5">
                {planText(wave.plan).map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
            </details>
          </div>
        </div>
        {actions}
      </div>
      {wave.state === "paused" ? (
        <div
          role="alert"
          className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900"
        >
          {pauseText(wave.pauseReason)}
        </div>
      ) : null}
      {wave.state === "running" && wave.blockedBy ? (
        <p
          role="status"
          className="rounded-md border border-sky-200 bg-sky-50 px-3 py-2 text-sm text-sky-900"
        >
          {sentence(wave.blockedBy)}
        </p>
      ) : null}
    </div>
  );
}

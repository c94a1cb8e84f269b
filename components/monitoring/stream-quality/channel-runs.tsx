import { formatTimeFull } from "@/components/ui/charts";
import { PALETTE } from "@/components/ui/charts/types";
import type { DeviceStreamQuality } from "../chart-types";
import { runBox } from "./data";

const time = (iso: string) => formatTimeFull(Date.parse(iso));

/** Which channel was on when: a strip on the tab's time axis, and the same runs as a list. */
export function ChannelRuns({ q }: { q: DeviceStreamQuality }) {
  const names = [...new Set(q.channels.map((r) => r.channel ?? "Unknown channel"))];
  const colorOf = (name: string) => PALETTE[names.indexOf(name) % PALETTE.length] ?? "#0072B2";
  return (
    <section aria-labelledby="channel-runs-heading" className="space-y-2">
      <h3 id="channel-runs-heading" className="text-sm font-medium text-slate-700">
        Channel on screen ({q.channels.length} runs)
      </h3>
      <div className="relative h-6 w-full rounded bg-slate-100" aria-hidden="true">
        {q.channels.map((r) => {
          const box = runBox(r, q.from, q.to);
          const name = r.channel ?? "Unknown channel";
          return (
            <div
              key={`${r.from}-${r.channelId ?? "x"}`}
              title={`${name}: ${time(r.from)} – ${time(r.to)}`}
              className="absolute top-0 h-6 rounded-sm border-r border-white"
              style={{ left: `${box.left}%`, width: `${box.width}%`, background: colorOf(name) }}
            />
          );
        })}
      </div>
      <ol
        className="max-h-48 space-y-0.5 overflow-auto text-sm text-slate-700"
        tabIndex={0}
        aria-label="Channel runs"
        data-testid="channel-runs"
      >
        {q.channels.map((r) => (
          <li key={`${r.from}-${r.channelId ?? "x"}`}>
            <span
              className="mr-2 inline-block h-2.5 w-2.5 rounded-sm"
              style={{ background: colorOf(r.channel ?? "Unknown channel") }}
              aria-hidden="true"
            />
            <span className="font-medium">{r.channel ?? "Unknown channel"}</span>{" "}
            <span className="text-slate-600">
              {time(r.from)} – {time(r.to)}
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}

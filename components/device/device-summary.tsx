import Link from "next/link";
import type { ReactNode } from "react";
import { RelativeTime } from "@/components/ui/relative-time";
import { AcsCredentials } from "@/components/identity/acs-credentials";
import type { DeviceDetail } from "./use-device";
import { currentUptime } from "./uptime";

const KIND = { GATEWAY: "Gateway", STB: "Set-top box", MOBILE: "Mobile device", OTHER: "Other" } as const;

export function formatDuration(seconds: number): string {
  const d = Math.floor(seconds / 86_400);
  const h = Math.floor((seconds % 86_400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  return d > 0 ? `${d} d ${h} h` : h > 0 ? `${h} h ${m} min` : `${m} min ${Math.floor(seconds % 60)} s`;
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs text-slate-500">{label}</dt>
      {/* Serials, MACs and model names are long unbroken words: they wrap rather than widen a phone. */}
      <dd className="text-sm break-words text-slate-900">{children ?? "—"}</dd>
    </div>
  );
}

/** Uptime from the last reported value, or from the BOOT inform when that value predates it. */
function UpTime({ device }: { device: DeviceDetail }) {
  const seconds = currentUptime({ reported: device.upTime, lastBoot: device.lastBoot, now: Date.now() });
  if (seconds === null) return <>—</>;
  return <>{formatDuration(seconds)}</>;
}

function DeviceLink({ d }: { d: DeviceDetail["stbs"][number] }) {
  const label = `${d.serialNumber}${d.productClass ? ` (${d.productClass})` : ""}`;
  const state = d.online === null ? "not managed here" : d.online ? "online" : "offline";
  return (
    <span>
      {d.id ? (
        <Link href={`/devices/${d.id}`} className="font-mono text-sky-700 hover:underline">
          {label}
        </Link>
      ) : (
        <span className="font-mono">{label}</span>
      )}{" "}
      <span className="text-xs text-slate-500">{state}</span>
    </span>
  );
}

export function DeviceSummary({ device }: { device: DeviceDetail }) {
  const wan = device.wan;
  return (
    <section
      aria-labelledby="summary-heading"
      className="rounded-lg border border-slate-200 bg-white p-4 shadow-xs"
    >
      <h2 id="summary-heading" className="mb-3 text-base font-semibold text-slate-900">
        Summary
      </h2>
      <dl className="grid grid-cols-2 gap-x-4 gap-y-3 sm:grid-cols-3">
        <Field label="Kind">{KIND[device.kind]}</Field>
        <Field label="Manufacturer">{device.manufacturer || "—"}</Field>
        <Field label="Model">{device.modelName || device.productClass}</Field>
        <Field label="OUI / product class">
          <span className="font-mono">
            {device.oui}-{device.productClass}
          </span>
        </Field>
        <Field label="Software version">{device.softwareVersion || "—"}</Field>
        <Field label="Hardware version">{device.hardwareVersion || "—"}</Field>
        <Field label="Uptime">
          <UpTime device={device} />
        </Field>
        <Field label="IP address">
          <span className="font-mono">{device.ipAddress ?? "—"}</span>
        </Field>
        <Field label="MAC address">
          <span className="font-mono">{device.macAddress ?? "—"}</span>
        </Field>
        <Field label="Subscriber">{device.subscriberId ?? "—"}</Field>
        <Field label="Last inform">
          <RelativeTime value={device.lastInform} />
        </Field>
        <Field label="Inform interval">
          {device.periodicInformInterval ? `${device.periodicInformInterval} s` : "—"}
        </Field>
        <Field label="ACS credentials">
          <AcsCredentials deviceId={device.id} />
        </Field>
      </dl>
      {wan ? (
        <div className="mt-4 border-t border-slate-100 pt-3">
          <h3 className="mb-2 text-sm font-semibold text-slate-800">WAN line</h3>
          <dl className="grid grid-cols-2 gap-x-4 gap-y-3 sm:grid-cols-3">
            <Field label="Line state">{wan.status ?? "—"}</Field>
            <Field label="Down / up rate">
              {wan.downstreamKbps ?? "—"} / {wan.upstreamKbps ?? "—"} kbit/s
            </Field>
            <Field label="Noise margin down / up">
              {wan.downstreamMarginDb ?? "—"} / {wan.upstreamMarginDb ?? "—"} dB
            </Field>
          </dl>
        </div>
      ) : null}
      {device.gateway || device.stbs.length ? (
        <div className="mt-4 border-t border-slate-100 pt-3 text-sm">
          <h3 className="mb-2 font-semibold text-slate-800">Household</h3>
          {device.gateway ? (
            <p>
              Behind gateway <DeviceLink d={device.gateway} />
            </p>
          ) : null}
          {device.stbs.length ? (
            <div>
              <p className="text-slate-600">Devices behind this gateway:</p>
              <ul aria-label="Devices behind this gateway" className="ml-4 list-disc">
                {device.stbs.map((s) => (
                  <li key={s.serialNumber}>
                    <DeviceLink d={s} />
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}

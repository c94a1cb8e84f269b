import type { Metadata } from "next";
import { DevicesTable } from "@/components/devices/devices-table";

export const metadata: Metadata = { title: "Devices" };

export default function DevicesPage() {
  return (
    <section aria-labelledby="devices-heading" className="space-y-4">
      <div>
        <h1 id="devices-heading" className="text-xl font-semibold text-slate-900">
          Devices
        </h1>
        <p className="text-sm text-slate-600">
          Gateways and set-top boxes managed by this ACS. Updates live.
        </p>
      </div>
      <DevicesTable />
    </section>
  );
}
